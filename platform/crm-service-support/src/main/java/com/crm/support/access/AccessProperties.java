package com.crm.support.access;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Record-level access settings ({@code crm.access.*}).
 *
 * @param visibility                   per role, how far people see: {@code agent} (default {@code own}) and
 *                                     {@code manager} (default {@code team}); admins and integrated systems always
 *                                     see all
 * @param unassignedVisibleToManagers  whether managers also see customers without a team, so they can assign them
 *                                     (default {@code true})
 */
@ConfigurationProperties("crm.access")
public record AccessProperties(Roles visibility, Boolean unassignedVisibleToManagers) {

    public AccessProperties {
        visibility = visibility == null ? new Roles(null, null) : visibility;
        unassignedVisibleToManagers = unassignedVisibleToManagers == null || unassignedVisibleToManagers;
    }

    /**
     * @param agent   {@code own}, {@code team} or {@code all} (default {@code own})
     * @param manager {@code own}, {@code team} or {@code all} (default {@code team})
     */
    public record Roles(String agent, String manager) {
        public Roles {
            agent = agent == null || agent.isBlank() ? "own" : agent;
            manager = manager == null || manager.isBlank() ? "team" : manager;
            VisibilityScope.ofProperty(agent);
            VisibilityScope.ofProperty(manager);
        }
    }
}
