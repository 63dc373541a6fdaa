package com.crm.support.problem;

import java.util.List;
import tools.jackson.core.JacksonException;

/** Renders Jackson's location of an error as the JSON path clients know, e.g. {@code addresses[0].city}. */
final class JsonErrorPaths {

    private JsonErrorPaths() {}

    static String of(List<JacksonException.Reference> path) {
        StringBuilder out = new StringBuilder();
        for (JacksonException.Reference ref : path) {
            if (ref.getPropertyName() != null) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.isEmpty() ? "$" : out.toString();
    }
}
