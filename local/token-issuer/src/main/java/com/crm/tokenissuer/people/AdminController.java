package com.crm.tokenissuer.people;

import com.crm.tokenissuer.audit.PeopleAudit;
import com.crm.tokenissuer.people.PeopleDirectory.TeamRequest;
import com.crm.tokenissuer.people.PeopleDirectory.UserRequest;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * People and teams, managed by an admin ({@code crm.admin} bearer token), as an identity provider's admin API
 * would be (Keycloak's {@code /admin/realms/{realm}/users}). Changes live in memory until the issuer restarts. Every
 * change is audited ({@link PeopleAudit}): {@code user.created}, {@code user.role-changed}, {@code user.team-changed},
 * {@code user.disabled}, {@code user.enabled}, {@code user.password-changed}, {@code user.deleted},
 * {@code team.created}, {@code team.deleted}.
 */
@RestController
@RequestMapping("/admin")
class AdminController {

    private static final String USER = "user";
    private static final String TEAM = "team";

    private final PeopleDirectory directory;
    private final PeopleAudit audit;

    AdminController(PeopleDirectory directory, PeopleAudit audit) {
        this.directory = directory;
        this.audit = audit;
    }

    @GetMapping("/users")
    List<Person.View> users() {
        return this.directory.people().stream().map(Person::view).toList();
    }

    @PostMapping("/users")
    ResponseEntity<Person.View> createUser(@RequestBody UserRequest request) {
        Person person = this.directory.createUser(request);
        this.audit.record("user.created", USER, person.username(), details(person));
        return ResponseEntity.created(URI.create("/admin/users/" + person.username()))
                .body(person.view());
    }

    @GetMapping("/users/{username}")
    Person.View user(@PathVariable String username) {
        return this.directory
                .person(username)
                .map(Person::view)
                .orElseThrow(() -> PeopleException.notFound("Person " + username));
    }

    /** Sets role, team and enabled (all of them); sets the password too when the body has one. */
    @PutMapping("/users/{username}")
    Person.View updateUser(@PathVariable String username, @RequestBody UserRequest request) {
        PeopleDirectory.Change change = this.directory.update(username, request);
        Person before = change.before();
        Person after = change.after();
        if (before.role() != after.role()) {
            this.audit.record(
                    "user.role-changed",
                    USER,
                    username,
                    pairs(
                            "role",
                            after.role().claimValue(),
                            "previousRole",
                            before.role().claimValue()));
        }
        if (!Objects.equals(before.team(), after.team())) {
            this.audit.record(
                    "user.team-changed", USER, username, pairs("team", after.team(), "previousTeam", before.team()));
        }
        if (before.enabled() != after.enabled()) {
            this.audit.record(after.enabled() ? "user.enabled" : "user.disabled", USER, username, Map.of());
        }
        if (request.password() != null) {
            // that it changed, never what to
            this.audit.record("user.password-changed", USER, username, Map.of());
        }
        return after.view();
    }

    @DeleteMapping("/users/{username}")
    ResponseEntity<Void> deleteUser(@PathVariable String username) {
        Person removed = this.directory.deleteUser(username);
        this.audit.record("user.deleted", USER, username, details(removed));
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/teams")
    List<Team> teams() {
        return this.directory.teams();
    }

    @PostMapping("/teams")
    ResponseEntity<Team> createTeam(@RequestBody TeamRequest request) {
        Team team = this.directory.createTeam(request);
        this.audit.record("team.created", TEAM, team.id(), Map.of());
        return ResponseEntity.created(URI.create("/admin/teams/" + team.id())).body(team);
    }

    @GetMapping("/teams/{id}")
    Team team(@PathVariable String id) {
        return this.directory.team(id).orElseThrow(() -> PeopleException.notFound("Team " + id));
    }

    @DeleteMapping("/teams/{id}")
    ResponseEntity<Void> deleteTeam(@PathVariable String id) {
        this.directory.deleteTeam(id);
        this.audit.record("team.deleted", TEAM, id, Map.of());
        return ResponseEntity.noContent().build();
    }

    /** Role, team and enabled: what a person may do, never their password. */
    private static Map<String, String> details(Person person) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("role", person.role().claimValue());
        details.put("team", person.team());
        details.put("enabled", String.valueOf(person.enabled()));
        return details;
    }

    private static Map<String, String> pairs(String key, String value, String otherKey, String otherValue) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put(key, value);
        details.put(otherKey, otherValue);
        return details;
    }
}
