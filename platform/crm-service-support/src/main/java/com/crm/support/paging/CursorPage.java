package com.crm.support.paging;

import java.util.List;
import java.util.function.Function;

/** One page of a keyset-paginated list; {@code nextCursor} is null on the last page. */
public record CursorPage<T>(List<T> items, String nextCursor) {

    /**
     * A page from rows fetched with {@code limit + 1}: the extra row only says that more follow, and the cursor
     * points after the last row shown.
     */
    public static <R, T> CursorPage<T> of(
            List<R> fetched, int limit, Function<R, String> cursorAfter, Function<R, T> view) {
        boolean more = fetched.size() > limit;
        List<R> shown = more ? fetched.subList(0, limit) : fetched;
        return new CursorPage<>(shown.stream().map(view).toList(), more ? cursorAfter.apply(shown.getLast()) : null);
    }
}
