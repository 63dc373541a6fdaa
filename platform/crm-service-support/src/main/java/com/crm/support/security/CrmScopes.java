package com.crm.support.security;

/** The OAuth2 scopes of the platform and the authorities Spring Security derives from them. */
public final class CrmScopes {

    public static final String READ = "crm.read";
    public static final String WRITE = "crm.write";
    public static final String ADMIN = "crm.admin";
    public static final String INTEGRATION = "crm.integration";
    /** Merging customers (irreversible for the merged ones). */
    public static final String MERGE = "crm.merge";
    /** GDPR erasure. */
    public static final String ERASE = "crm.erase";
    /** Exports of personal data (GDPR access, segment member CSVs). */
    public static final String EXPORT = "crm.export";
    /** Configuration: contact policies, surveys, segments, relationship types. */
    public static final String CONFIG = "crm.config";

    public static final String READ_AUTHORITY = "SCOPE_" + READ;
    public static final String WRITE_AUTHORITY = "SCOPE_" + WRITE;
    public static final String ADMIN_AUTHORITY = "SCOPE_" + ADMIN;
    public static final String INTEGRATION_AUTHORITY = "SCOPE_" + INTEGRATION;
    public static final String MERGE_AUTHORITY = "SCOPE_" + MERGE;
    public static final String ERASE_AUTHORITY = "SCOPE_" + ERASE;
    public static final String EXPORT_AUTHORITY = "SCOPE_" + EXPORT;
    public static final String CONFIG_AUTHORITY = "SCOPE_" + CONFIG;

    /** {@code @PreAuthorize} expressions: the finer scope, or crm.admin. */
    public static final String ADMIN_ONLY = "hasAuthority('SCOPE_crm.admin')";

    public static final String MERGE_OR_ADMIN = "hasAnyAuthority('SCOPE_crm.merge', 'SCOPE_crm.admin')";
    public static final String ERASE_OR_ADMIN = "hasAnyAuthority('SCOPE_crm.erase', 'SCOPE_crm.admin')";
    public static final String EXPORT_OR_ADMIN = "hasAnyAuthority('SCOPE_crm.export', 'SCOPE_crm.admin')";
    public static final String CONFIG_OR_ADMIN = "hasAnyAuthority('SCOPE_crm.config', 'SCOPE_crm.admin')";

    private CrmScopes() {}
}
