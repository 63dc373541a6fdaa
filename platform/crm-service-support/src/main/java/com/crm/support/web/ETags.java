package com.crm.support.web;

import com.crm.support.problem.ApiException;

/** Strong ETags carry the resource version: {@code "7"}. */
public final class ETags {

    private ETags() {}

    public static String of(long version) {
        return "\"" + version + "\"";
    }

    /**
     * Checks an {@code If-Match} header against the current version: missing is 428, no match is 412.
     * A list of tags and {@code *} are honoured as RFC 9110 says; weak tags never match (strong comparison).
     */
    public static void requireMatch(String ifMatch, long currentVersion) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw ApiException.ifMatchRequired();
        }
        String current = of(currentVersion);
        for (String tag : ifMatch.split(",")) {
            String t = tag.trim();
            if (t.equals("*") || t.equals(current)) {
                return;
            }
        }
        throw ApiException.staleVersion(currentVersion);
    }
}
