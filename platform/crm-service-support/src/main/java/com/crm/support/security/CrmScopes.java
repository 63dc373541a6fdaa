package com.crm.support.security;

/** The OAuth2 scopes of the platform and the authorities Spring Security derives from them. */
public final class CrmScopes {

    public static final String READ = "crm.read";
    public static final String WRITE = "crm.write";
    public static final String ADMIN = "crm.admin";
    public static final String INTEGRATION = "crm.integration";

    public static final String READ_AUTHORITY = "SCOPE_" + READ;
    public static final String WRITE_AUTHORITY = "SCOPE_" + WRITE;
    public static final String ADMIN_AUTHORITY = "SCOPE_" + ADMIN;
    public static final String INTEGRATION_AUTHORITY = "SCOPE_" + INTEGRATION;

    private CrmScopes() {}
}
