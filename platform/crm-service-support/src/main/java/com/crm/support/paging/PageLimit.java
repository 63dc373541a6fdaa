package com.crm.support.paging;

import com.crm.support.problem.ApiException;
import com.crm.support.problem.ErrorCode;

/** Page sizes are bounded: default 50, at most 500. */
public final class PageLimit {

    public static final String PARAMETER = "limit";
    public static final int DEFAULT = 50;
    public static final int MAX = 500;

    private PageLimit() {}

    public static int resolve(Integer requested) {
        if (requested == null) {
            return DEFAULT;
        }
        if (requested < 1 || requested > MAX) {
            throw ApiException.invalid(PARAMETER, ErrorCode.OUT_OF_RANGE, "must be between 1 and " + MAX);
        }
        return requested;
    }
}
