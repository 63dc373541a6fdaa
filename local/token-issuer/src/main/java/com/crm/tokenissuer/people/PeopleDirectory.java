package com.crm.tokenissuer.people;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The people and teams of the local issuer, in memory: seeded from {@link PeopleProperties} at start, changed
 * through the admin API, back to the seed after a restart (a development identity provider; in production Keycloak
 * or Entra ID own people). Passwords are kept only as bcrypt hashes. Sign-in reads people from here
 * ({@link UserDetailsService}), and so does every token issued for a person, so a role or team change applies from
 * the next token on.
 */
public final class PeopleDirectory implements UserDetailsService {

    static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{1,63}");
    static final Pattern TEAM_ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    static final int PASSWORD_MIN = 8;
    static final int PASSWORD_MAX = 128;
    static final int TEAM_NAME_MAX = 100;

    private final PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
    private final Map<String, Person> people = new LinkedHashMap<>();
    private final Map<String, Team> teams = new LinkedHashMap<>();

    public PeopleDirectory(PeopleProperties seed) {
        seed.teams().forEach((id, name) -> createTeam(new TeamRequest(id, name)));
        seed.users()
                .forEach((username, user) -> createUser(
                        new UserRequest(username, user.password(), user.role(), user.team(), user.enabled())));
    }

    /** A new person, or the new state of one (password {@code null} on update: keep it). */
    public record UserRequest(String username, String password, String role, String team, Boolean enabled) {}

    public record TeamRequest(String id, String name) {}

    public synchronized List<Person> people() {
        return this.people.values().stream()
                .sorted(Comparator.comparing(Person::username))
                .toList();
    }

    public synchronized Optional<Person> person(String username) {
        return Optional.ofNullable(this.people.get(username));
    }

    public synchronized Person createUser(UserRequest request) {
        List<FieldError> errors = new ArrayList<>();
        if (blank(request.username())) {
            errors.add(new FieldError("username", "required", "a username is needed"));
        } else if (!USERNAME.matcher(request.username()).matches()) {
            errors.add(new FieldError(
                    "username",
                    "invalid-format",
                    "2 to 64 of a-z, 0-9, '.', '_', '-', starting with a letter or digit"));
        }
        checkPassword(request.password(), true, errors);
        Role role = checkRoleAndTeam(request, errors);
        if (!errors.isEmpty()) {
            throw PeopleException.invalid(errors);
        }
        if (this.people.containsKey(request.username())) {
            throw PeopleException.conflict(
                    "A person named " + request.username() + " exists",
                    new FieldError("username", "taken", "another person has this username"));
        }
        Person person = new Person(request.username(), hash(request.password()), role, team(request), enabled(request));
        this.people.put(person.username(), person);
        return person;
    }

    /** A person before and after an update. */
    public record Change(Person before, Person after) {}

    /** Replaces role, team and enabled; the password only when the request has one. */
    public synchronized Person updateUser(String username, UserRequest request) {
        return update(username, request).after();
    }

    /** {@link #updateUser} that also tells what the person was before. */
    public synchronized Change update(String username, UserRequest request) {
        Person current = person(username).orElseThrow(() -> PeopleException.notFound("Person " + username));
        List<FieldError> errors = new ArrayList<>();
        if (request.username() != null && !request.username().equals(username)) {
            errors.add(new FieldError("username", "not-allowed", "a username cannot change"));
        }
        checkPassword(request.password(), false, errors);
        Role role = checkRoleAndTeam(request, errors);
        if (!errors.isEmpty()) {
            throw PeopleException.invalid(errors);
        }
        String hash = request.password() == null ? current.passwordHash() : hash(request.password());
        Person updated = new Person(username, hash, role, team(request), enabled(request));
        this.people.put(username, updated);
        return new Change(current, updated);
    }

    /** Removes the person; returns who they were. */
    public synchronized Person deleteUser(String username) {
        Person removed = this.people.remove(username);
        if (removed == null) {
            throw PeopleException.notFound("Person " + username);
        }
        return removed;
    }

    public synchronized List<Team> teams() {
        return List.copyOf(this.teams.values());
    }

    public synchronized Optional<Team> team(String id) {
        return Optional.ofNullable(this.teams.get(id));
    }

    public synchronized Team createTeam(TeamRequest request) {
        List<FieldError> errors = new ArrayList<>();
        if (blank(request.id())) {
            errors.add(new FieldError("id", "required", "a team id is needed"));
        } else if (!TEAM_ID.matcher(request.id()).matches()) {
            errors.add(new FieldError(
                    "id", "invalid-format", "1 to 64 of a-z, 0-9, '.', '_', '-', starting with a letter or digit"));
        }
        if (blank(request.name())) {
            errors.add(new FieldError("name", "required", "a team name is needed"));
        } else if (request.name().length() > TEAM_NAME_MAX) {
            errors.add(new FieldError("name", "too-long", "at most " + TEAM_NAME_MAX + " characters"));
        }
        if (!errors.isEmpty()) {
            throw PeopleException.invalid(errors);
        }
        if (this.teams.containsKey(request.id())) {
            throw PeopleException.conflict(
                    "A team " + request.id() + " exists", new FieldError("id", "taken", "another team has this id"));
        }
        Team team = new Team(request.id(), request.name().trim());
        this.teams.put(team.id(), team);
        return team;
    }

    /** A team that still has members stays: move or delete them first. */
    public synchronized void deleteTeam(String id) {
        if (!this.teams.containsKey(id)) {
            throw PeopleException.notFound("Team " + id);
        }
        List<String> members = this.people.values().stream()
                .filter(person -> id.equals(person.team()))
                .map(Person::username)
                .sorted()
                .toList();
        if (!members.isEmpty()) {
            throw new PeopleException(
                    HttpStatus.CONFLICT,
                    "Team " + id + " still has members: " + String.join(", ", members),
                    List.of(new FieldError("id", "not-allowed", "the team has members")));
        }
        this.teams.remove(id);
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        Person person = person(username).orElseThrow(() -> new UsernameNotFoundException("no such person"));
        return User.withUsername(person.username())
                .password(person.passwordHash())
                .disabled(!person.enabled())
                .roles(person.role().name())
                .build();
    }

    private void checkPassword(String password, boolean required, List<FieldError> errors) {
        if (password == null) {
            if (required) {
                errors.add(new FieldError("password", "required", "a password is needed"));
            }
        } else if (password.startsWith("{bcrypt}")) {
            return; // a hash supplied by the seed or an operator
        } else if (password.length() < PASSWORD_MIN) {
            errors.add(new FieldError("password", "too-short", "at least " + PASSWORD_MIN + " characters"));
        } else if (password.length() > PASSWORD_MAX) {
            errors.add(new FieldError("password", "too-long", "at most " + PASSWORD_MAX + " characters"));
        }
    }

    private Role checkRoleAndTeam(UserRequest request, List<FieldError> errors) {
        Role role = null;
        if (blank(request.role())) {
            errors.add(new FieldError("role", "required", "one of agent, manager, admin"));
        } else {
            role = Role.of(request.role()).orElse(null);
            if (role == null) {
                errors.add(new FieldError("role", "invalid-value", "one of agent, manager, admin"));
            }
        }
        if (blank(request.team())) {
            if (role != null && role.needsTeam()) {
                errors.add(new FieldError("team", "required", "agents and managers belong to a team"));
            }
        } else if (!this.teams.containsKey(request.team())) {
            errors.add(new FieldError(
                    "team", "unknown-reference", "no team " + request.team() + " (GET /admin/teams lists them)"));
        }
        return role;
    }

    private String hash(String password) {
        return password.startsWith("{bcrypt}") ? password : this.encoder.encode(password);
    }

    private static String team(UserRequest request) {
        return blank(request.team()) ? null : request.team();
    }

    private static boolean enabled(UserRequest request) {
        return request.enabled() == null || request.enabled();
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
