package com.crm.support.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.crm.support.security.CrmActor;
import com.crm.support.security.CrmRole;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VisibilityTest {

    private static final CrmActor ALICE = user("alice", CrmRole.AGENT, "north");
    private static final CrmActor MARIA = user("maria", CrmRole.MANAGER, "north");
    private static final CrmActor ADMIN = user("admin", CrmRole.ADMIN, null);
    private static final CrmActor ERP =
            new CrmActor(CrmActor.Kind.CLIENT, "crm-erp-integrator", null, CrmRole.CLIENT, null, Set.of("crm.read"));

    private final VisibilityPolicy policy = VisibilityPolicy.defaults();

    @Test
    void agentsSeeWhatTheyOwn() {
        Visibility alice = policy.of(ALICE);

        assertThat(alice.scope()).isEqualTo(VisibilityScope.OWN);
        assertThat(alice.allows("alice", "north")).isTrue();
        assertThat(alice.allows("alice", "south"))
                .as("owned, whatever the team")
                .isTrue();
        assertThat(alice.allows("maria", "north")).as("a teammate's").isFalse();
        assertThat(alice.allows("bob", "south")).isFalse();
        assertThat(alice.allows(null, null)).as("unassigned").isFalse();
    }

    @Test
    void managersSeeTheirTeamAndUnassignedCustomers() {
        Visibility maria = policy.of(MARIA);

        assertThat(maria.scope()).isEqualTo(VisibilityScope.TEAM);
        assertThat(maria.allows("alice", "north")).isTrue();
        assertThat(maria.allows(null, "north")).isTrue();
        assertThat(maria.allows("bob", "south")).isFalse();
        assertThat(maria.allows("maria", "south")).as("team decides, not owner").isFalse();
        assertThat(maria.allows(null, null)).isTrue();
    }

    @Test
    void adminsAndSystemsSeeAll() {
        assertThat(policy.of(ADMIN).isAll()).isTrue();
        assertThat(policy.of(ERP).isAll()).isTrue();
        assertThat(policy.of(ERP).allows(null, null)).isTrue();
        CrmActor adminClient =
                new CrmActor(CrmActor.Kind.CLIENT, "crm-admin", null, CrmRole.ADMIN, null, Set.of("crm.admin"));
        assertThat(policy.of(adminClient).isAll()).isTrue();
    }

    @Test
    void visibilityPerRoleIsConfigurable() {
        var configured = new VisibilityPolicy(new AccessProperties(new AccessProperties.Roles("team", "all"), false));

        assertThat(configured.of(ALICE).allows("maria", "north")).isTrue();
        assertThat(configured.of(ALICE).allows("bob", "south")).isFalse();
        assertThat(configured.of(MARIA).isAll()).isTrue();

        var noUnassigned = new VisibilityPolicy(new AccessProperties(null, false));
        assertThat(noUnassigned.of(MARIA).allows(null, null)).isFalse();
        assertThat(noUnassigned.of(MARIA).allows(null, "north")).isTrue();
    }

    @Test
    void anUnknownVisibilityIsRefusedAtStart() {
        assertThatThrownBy(() -> new AccessProperties(new AccessProperties.Roles("everything", null), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("own, team, all");
    }

    @Test
    void sqlForAllIsTrueWithoutParameters() {
        SqlCondition all = policy.of(ERP).sql("c.owner_id", "c.team_id");

        assertThat(all.clause()).isEqualTo("true");
        assertThat(all.always()).isTrue();
        assertThat(all.params()).isEmpty();
        assertThat(Visibility.none().sql("owner_id", "team_id").clause()).isEqualTo("false");
    }

    @Test
    void sqlForAnAgentComparesTheOwner() {
        SqlCondition own = policy.of(ALICE).sql("c.owner_id", "c.team_id");

        assertThat(own.clause()).isEqualTo("(c.owner_id = :crmAccessOwner)");
        assertThat(own.params()).isEqualTo(Map.of("crmAccessOwner", "alice"));
    }

    @Test
    void sqlForAManagerComparesTheTeamAndAddsUnassigned() {
        SqlCondition team = policy.of(MARIA).sql("team_id_owner", "team_id");

        assertThat(team.clause()).isEqualTo("(team_id = :crmAccessTeam or team_id is null)");
        assertThat(team.params()).isEqualTo(Map.of("crmAccessTeam", "north"));

        SqlCondition noTeam = new Visibility(VisibilityScope.TEAM, "x", null, false).sql("o", "t");
        assertThat(noTeam.clause()).as("a manager without a team sees nothing").isEqualTo("false");
    }

    @Test
    void columnsMustBePlainIdentifiers() {
        assertThatThrownBy(() -> policy.of(ALICE).sql("owner_id; drop table customer", "team_id"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void assignmentsStayWithinTheCallersReach() {
        Visibility alice = policy.of(ALICE);
        assertThat(alice.refusedAssignment("alice", "north")).isEmpty();
        assertThat(alice.refusedAssignment("bob", "north")).contains("ownerId");
        assertThat(alice.refusedAssignment("alice", "south")).contains("teamId");
        assertThat(alice.refusedAssignment("alice", null)).contains("teamId");

        Visibility maria = policy.of(MARIA);
        assertThat(maria.refusedAssignment("alice", "north")).isEmpty();
        assertThat(maria.refusedAssignment(null, null))
                .as("managers may unassign")
                .isEmpty();
        assertThat(maria.refusedAssignment("alice", "south")).contains("teamId");

        assertThat(policy.of(ADMIN).refusedAssignment("bob", "anywhere")).isEmpty();
    }

    private static CrmActor user(String id, CrmRole role, String team) {
        return new CrmActor(CrmActor.Kind.USER, id, id, role, team, Set.of("crm.read", "crm.write"));
    }
}
