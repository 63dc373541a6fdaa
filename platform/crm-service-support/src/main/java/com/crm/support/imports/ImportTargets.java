package com.crm.support.imports;

import com.crm.support.problem.ApiException;
import com.crm.support.problem.ErrorCode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The service's import targets by object. */
final class ImportTargets {

    private final Map<String, ImportTarget<?>> byObject = new LinkedHashMap<>();

    ImportTargets(List<ImportTarget<?>> targets) {
        for (ImportTarget<?> target : targets) {
            String object = target.object();
            if (object == null || !object.matches("[A-Z][A-Z0-9_]{0,15}")) {
                throw new IllegalStateException("import object " + object + " of "
                        + target.getClass().getName() + " is not 1 to 16 upper-case letters, digits or '_'");
            }
            if (byObject.putIfAbsent(object, target) != null) {
                throw new IllegalStateException("two import targets for " + object);
            }
        }
    }

    /** @throws ApiException 400 naming {@code object} when the service imports no such object */
    ImportTarget<?> of(String object) {
        ImportTarget<?> target = object == null ? null : byObject.get(object);
        if (target == null) {
            throw ApiException.invalid("object", ErrorCode.INVALID_VALUE, "one of " + String.join(", ", names()));
        }
        return target;
    }

    List<String> names() {
        return List.copyOf(byObject.keySet());
    }
}
