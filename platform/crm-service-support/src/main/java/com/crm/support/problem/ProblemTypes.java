package com.crm.support.problem;

import java.net.URI;

/** Problem {@code type} URIs the platform uses; stable, so clients can switch on them. */
public final class ProblemTypes {

    public static final URI VALIDATION = URI.create("urn:crm:problem:validation");
    public static final URI MALFORMED = URI.create("urn:crm:problem:malformed-request");
    public static final URI NOT_FOUND = URI.create("urn:crm:problem:not-found");
    public static final URI GONE = URI.create("urn:crm:problem:gone");
    public static final URI CONFLICT = URI.create("urn:crm:problem:conflict");
    public static final URI PRECONDITION_FAILED = URI.create("urn:crm:problem:stale-version");
    public static final URI PRECONDITION_REQUIRED = URI.create("urn:crm:problem:if-match-required");
    public static final URI RULE_VIOLATION = URI.create("urn:crm:problem:rule-violation");
    public static final URI PAYLOAD_TOO_LARGE = URI.create("urn:crm:problem:payload-too-large");
    public static final URI UNAUTHORIZED = URI.create("urn:crm:problem:unauthorized");
    public static final URI FORBIDDEN = URI.create("urn:crm:problem:forbidden");
    /** 503: the database gave the transaction up (a deadlock, a lock or statement timeout); nothing was applied. */
    public static final URI TRY_AGAIN = URI.create("urn:crm:problem:try-again");

    public static final URI INTERNAL = URI.create("urn:crm:problem:internal");

    private ProblemTypes() {}
}
