package com.crm.interaction.timeline;

import com.crm.support.security.CrmActor;
import com.crm.support.security.CrmRole;
import com.crm.support.security.CrmScopes;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Who is calling, from the token: the actor (null without a validated bearer token), and whether it carries
 * {@code crm.admin}.
 */
public record Caller(String name, boolean admin, CrmActor actor) {

    public static Caller current() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null) {
            return new Caller("anonymous", false, null);
        }
        boolean admin =
                auth.getAuthorities().stream().anyMatch(a -> CrmScopes.ADMIN_AUTHORITY.equals(a.getAuthority()));
        CrmActor actor = CrmActor.currentIfAny().orElse(null);
        return new Caller(actor == null ? auth.getName() : actor.id(), admin, actor);
    }

    /** A person may record only their own contacts, unless they are a manager or an admin. */
    boolean mayActForOtherAgents() {
        return actor == null || actor.isClient() || actor.role() == CrmRole.MANAGER || actor.role() == CrmRole.ADMIN;
    }

    /** The agent the interaction is recorded for: a person recording without naming one records for themself. */
    String agentFor(String named) {
        if (named == null && actor != null && actor.isUser()) {
            return actor.id();
        }
        return named;
    }
}
