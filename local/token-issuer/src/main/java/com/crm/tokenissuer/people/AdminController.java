package com.crm.tokenissuer.people;

import com.crm.tokenissuer.people.PeopleDirectory.TeamRequest;
import com.crm.tokenissuer.people.PeopleDirectory.UserRequest;
import java.net.URI;
import java.util.List;
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
 * would be (Keycloak's {@code /admin/realms/{realm}/users}). Changes live in memory until the issuer restarts.
 */
@RestController
@RequestMapping("/admin")
class AdminController {

    private final PeopleDirectory directory;

    AdminController(PeopleDirectory directory) {
        this.directory = directory;
    }

    @GetMapping("/users")
    List<Person.View> users() {
        return this.directory.people().stream().map(Person::view).toList();
    }

    @PostMapping("/users")
    ResponseEntity<Person.View> createUser(@RequestBody UserRequest request) {
        Person person = this.directory.createUser(request);
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
        return this.directory.updateUser(username, request).view();
    }

    @DeleteMapping("/users/{username}")
    ResponseEntity<Void> deleteUser(@PathVariable String username) {
        this.directory.deleteUser(username);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/teams")
    List<Team> teams() {
        return this.directory.teams();
    }

    @PostMapping("/teams")
    ResponseEntity<Team> createTeam(@RequestBody TeamRequest request) {
        Team team = this.directory.createTeam(request);
        return ResponseEntity.created(URI.create("/admin/teams/" + team.id())).body(team);
    }

    @GetMapping("/teams/{id}")
    Team team(@PathVariable String id) {
        return this.directory.team(id).orElseThrow(() -> PeopleException.notFound("Team " + id));
    }

    @DeleteMapping("/teams/{id}")
    ResponseEntity<Void> deleteTeam(@PathVariable String id) {
        this.directory.deleteTeam(id);
        return ResponseEntity.noContent().build();
    }
}
