package com.crm.support.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

class CrmActorTest {

    @AfterEach
    void clearContext() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void aTokenWithARoleIsAPersonWithTeamAndUsername() {
        CrmActor actor = CrmActor.from(jwt(claims -> claims.put("sub", "8f1c-uuid")
                .put("preferred_username", "alice")
                .put("crm_role", "agent")
                .put("crm_team", "north")
                .put("scope", "openid crm.read crm.write")));

        assertThat(actor.kind()).isEqualTo(CrmActor.Kind.USER);
        assertThat(actor.id()).isEqualTo("8f1c-uuid");
        assertThat(actor.name()).isEqualTo("alice");
        assertThat(actor.role()).isEqualTo(CrmRole.AGENT);
        assertThat(actor.team()).isEqualTo("north");
        assertThat(actor.scopes()).containsExactlyInAnyOrder("openid", "crm.read", "crm.write");
        assertThat(actor.isUser()).isTrue();
        assertThat(actor.isAdmin()).isFalse();
    }

    @Test
    void rolesAreReadWhateverTheirCaseAndScopesFromAList() {
        CrmActor manager = CrmActor.from(jwt(claims -> claims.put("sub", "maria")
                .put("crm_role", "Manager")
                .put("crm_team", "north")
                .put("scope", List.of("crm.read", "crm.write"))));

        assertThat(manager.role()).isEqualTo(CrmRole.MANAGER);
        assertThat(manager.name()).as("no preferred_username: the subject").isEqualTo("maria");
        assertThat(manager.hasScope("crm.write")).isTrue();
    }

    @Test
    void anAdminPersonMayHaveNoTeam() {
        CrmActor admin = CrmActor.from(jwt(claims ->
                claims.put("sub", "admin").put("crm_role", "admin").put("scope", "crm.read crm.write crm.admin")));

        assertThat(admin.isUser()).isTrue();
        assertThat(admin.isAdmin()).isTrue();
        assertThat(admin.team()).isNull();
    }

    @Test
    void aTokenWithoutRoleIsAClientNamedByClientIdThenAzpThenSubject() {
        CrmActor byClientId = CrmActor.from(jwt(claims -> claims.put("sub", "service-account-1")
                .put("client_id", "crm-erp-integrator")
                .put("scope", "crm.read crm.write crm.integration")));
        assertThat(byClientId.kind()).isEqualTo(CrmActor.Kind.CLIENT);
        assertThat(byClientId.id()).isEqualTo("crm-erp-integrator");
        assertThat(byClientId.role()).isEqualTo(CrmRole.CLIENT);
        assertThat(byClientId.team()).isNull();

        assertThat(CrmActor.from(jwt(claims -> claims.put("sub", "x").put("azp", "entra-app")))
                        .id())
                .isEqualTo("entra-app");
        assertThat(CrmActor.from(jwt(claims -> claims.put("sub", "crm-partner-integrator")))
                        .id())
                .isEqualTo("crm-partner-integrator");
    }

    @Test
    void aClientWithTheAdminScopeActsAsAdmin() {
        CrmActor actor = CrmActor.from(
                jwt(claims -> claims.put("sub", "crm-admin").put("scope", "crm.read crm.write crm.admin")));

        assertThat(actor.isClient()).isTrue();
        assertThat(actor.role()).isEqualTo(CrmRole.ADMIN);
    }

    @Test
    void anUnknownRoleIsRefusedNotGuessed() {
        Jwt token = jwt(claims -> claims.put("sub", "eve").put("crm_role", "supervisor"));

        assertThatThrownBy(() -> CrmActor.from(token))
                .isInstanceOf(CrmActor.InvalidActorException.class)
                .hasMessageContaining("supervisor");
        assertThat(CrmTokenValidators.actor().validate(token).hasErrors()).isTrue();
    }

    @Test
    void theAudienceValidatorWantsTheAudienceAmongTheTokens() {
        var validator = CrmTokenValidators.audience("crm-api");

        assertThat(validator
                        .validate(jwt(claims -> claims.put("sub", "c").put("aud", List.of("other", "crm-api"))))
                        .hasErrors())
                .isFalse();
        assertThat(validator
                        .validate(jwt(claims -> claims.put("sub", "c").put("aud", List.of("crm-erp-integrator"))))
                        .hasErrors())
                .isTrue();
        assertThat(validator.validate(jwt(claims -> claims.put("sub", "c"))).hasErrors())
                .isTrue();
    }

    @Test
    void theCurrentActorComesFromTheSecurityContext() {
        Jwt token =
                jwt(claims -> claims.put("sub", "bob").put("crm_role", "agent").put("crm_team", "south"));
        SecurityContextHolder.getContext().setAuthentication(new JwtAuthenticationToken(token));

        assertThat(CrmActor.current().id()).isEqualTo("bob");
        assertThat(CrmActor.current().team()).isEqualTo("south");

        SecurityContextHolder.clearContext();
        assertThatThrownBy(CrmActor::current).isInstanceOf(IllegalStateException.class);
    }

    private static Jwt jwt(Consumer<Claims> claims) {
        Claims built = new Claims();
        claims.accept(built);
        Jwt.Builder builder = Jwt.withTokenValue("token")
                .header("alg", "RS256")
                .issuedAt(Instant.now())
                .expiresAt(Instant.now().plusSeconds(60));
        built.values.forEach(builder::claim);
        return builder.build();
    }

    private static final class Claims {
        private final Map<String, Object> values = new java.util.LinkedHashMap<>();

        Claims put(String name, Object value) {
            values.put(name, value);
            return this;
        }
    }
}
