package com.crm.interaction.timeline;

import com.crm.support.security.CrmScopes;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** Who is calling: the token's subject, and whether it carries {@code crm.admin}. */
public record Caller(String name, boolean admin) {

    public static Caller current() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null) {
            return new Caller("anonymous", false);
        }
        boolean admin =
                auth.getAuthorities().stream().anyMatch(a -> CrmScopes.ADMIN_AUTHORITY.equals(a.getAuthority()));
        return new Caller(auth.getName(), admin);
    }
}
