package com.crm.tokenissuer.people;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The people and teams the issuer starts with ({@code crm.token-issuer.people.*}); changes through the admin API are
 * kept in memory only, so a restart returns to these.
 *
 * @param teams team id to display name
 * @param users username to their seed
 */
@ConfigurationProperties("crm.token-issuer.people")
public record PeopleProperties(Map<String, String> teams, Map<String, SeedUser> users) {

    public PeopleProperties {
        teams = teams == null ? Map.of() : new LinkedHashMap<>(teams);
        users = users == null ? Map.of() : new LinkedHashMap<>(users);
    }

    /**
     * @param password plain (from the environment; hashed at start) or already {@code {bcrypt}...}
     * @param role     agent, manager or admin
     * @param team     team id (none for an admin)
     * @param enabled  default true
     */
    public record SeedUser(String password, String role, String team, Boolean enabled) {}
}
