package com.crm.tokenissuer.people;

/**
 * A person who signs in.
 *
 * @param username     stable id: the {@code sub} and {@code preferred_username} of their tokens
 * @param passwordHash {@code {bcrypt}...}, never the password
 * @param role         what they may do
 * @param team         their team's id ({@code crm_team}); {@code null} only for admins
 * @param enabled      a disabled person cannot sign in
 */
public record Person(String username, String passwordHash, Role role, String team, boolean enabled) {

    /** What the admin API shows: everything but the hash. */
    public View view() {
        return new View(this.username, this.role.claimValue(), this.team, this.enabled);
    }

    public record View(String username, String role, String team, boolean enabled) {}
}
