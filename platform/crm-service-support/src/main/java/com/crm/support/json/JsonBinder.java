package com.crm.support.json;

import com.crm.support.problem.ApiException;
import com.crm.support.problem.ConstraintCodes;
import com.crm.support.problem.ErrorCode;
import com.crm.support.problem.FieldViolation;
import com.crm.support.problem.JsonProblems;
import jakarta.validation.Validator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Binds a JSON document to a request record the way request bodies are bound (unknown fields refused) and
 * validates it, for documents that do not arrive as a body of their own: merge-patch results, batch items.
 * Every problem is reported as a 400 naming each field.
 */
public final class JsonBinder {

    private final JsonMapper json;
    private final Validator validator;

    public JsonBinder(JsonMapper json, Validator validator) {
        this.json = json;
        this.validator = validator;
    }

    public <T> T bind(JsonNode document, Class<T> type) {
        T value = read(document, type);
        List<FieldViolation> violations = violations(value);
        if (!violations.isEmpty()) {
            throw ApiException.invalid(violations);
        }
        return value;
    }

    /**
     * Binds, validates, then applies {@code rules} (domain checks and normalisation that may throw a 400
     * {@link ApiException}), reporting the declared constraints and the rules' findings together: a client learns
     * every problem of its document in one answer.
     */
    public <T, R> R bind(JsonNode document, Class<T> type, Function<T, R> rules) {
        T value = read(document, type);
        List<FieldViolation> errors = new ArrayList<>(violations(value));
        try {
            R result = rules.apply(value);
            if (errors.isEmpty()) {
                return result;
            }
        } catch (ApiException e) {
            if (errors.isEmpty()) {
                throw e;
            }
            errors.addAll(e.errors());
        } catch (RuntimeException e) {
            if (errors.isEmpty()) {
                throw e;
            }
            // the rules tripped over input the declared constraints already reject: those errors say it all
        }
        throw ApiException.invalid(errors.stream()
                .distinct()
                .sorted(Comparator.comparing(FieldViolation::field))
                .toList());
    }

    /** Binds without validating: only a document that cannot be bound at all (wrong JSON types) is refused. */
    public <T> T read(JsonNode document, Class<T> type) {
        try {
            return json.treeToValue(document, type);
        } catch (JacksonException e) {
            FieldViolation v = JsonProblems.violationOf(e);
            throw ApiException.invalid(
                    List.of(v != null ? v : new FieldViolation("$", ErrorCode.INVALID_VALUE, e.getOriginalMessage())));
        }
    }

    /** The declared constraints {@code value} breaks, ordered by field. */
    public List<FieldViolation> violations(Object value) {
        return validator.validate(value).stream()
                .map(v -> ConstraintCodes.violation(v.getPropertyPath().toString(), v))
                .sorted(Comparator.comparing(FieldViolation::field))
                .toList();
    }
}
