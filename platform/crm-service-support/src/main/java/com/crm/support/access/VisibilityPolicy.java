package com.crm.support.access;

import com.crm.support.security.CrmActor;
import com.crm.support.security.CrmRole;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Works out a caller's {@link Visibility}: admins and integrated systems (client-credentials tokens) see all;
 * agents and managers as {@code crm.access.visibility.agent} / {@code .manager} say (default own / team); managers
 * also see customers without a team unless {@code crm.access.unassigned-visible-to-managers=false}.
 */
public class VisibilityPolicy {

    private final VisibilityScope agent;
    private final VisibilityScope manager;
    private final boolean unassignedVisibleToManagers;

    public VisibilityPolicy(AccessProperties properties) {
        this.agent = VisibilityScope.ofProperty(properties.visibility().agent());
        this.manager = VisibilityScope.ofProperty(properties.visibility().manager());
        this.unassignedVisibleToManagers = properties.unassignedVisibleToManagers();
    }

    /** The defaults: agents own, managers team, unassigned customers visible to managers. */
    public static VisibilityPolicy defaults() {
        return new VisibilityPolicy(new AccessProperties(null, null));
    }

    public Visibility of(CrmActor actor) {
        if (actor.isClient() || actor.isAdmin()) {
            return Visibility.all();
        }
        if (actor.role() == CrmRole.MANAGER) {
            return scoped(manager, actor, unassignedVisibleToManagers);
        }
        if (actor.role() == CrmRole.AGENT) {
            return scoped(agent, actor, false);
        }
        return Visibility.none();
    }

    /**
     * The visibility of the current request's caller. A thread without any authentication (a Kafka consumer, a
     * scheduled job: the service acting for itself) sees all; an authentication that is not a validated bearer
     * token (anonymous) sees nothing.
     */
    public Visibility current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null) {
            return Visibility.all();
        }
        if (authentication instanceof JwtAuthenticationToken) {
            return of(CrmActor.current());
        }
        return Visibility.none();
    }

    private static Visibility scoped(VisibilityScope scope, CrmActor actor, boolean unassigned) {
        return scope == VisibilityScope.ALL
                ? Visibility.all()
                : new Visibility(scope, actor.id(), actor.team(), unassigned);
    }
}
