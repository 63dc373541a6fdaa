package com.crm.support.problem;

import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;

/**
 * A failure the API reports to its caller as {@code application/problem+json}.
 * Domain code throws these through the factory methods; the advice renders them.
 */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final URI type;
    private final String title;
    private final transient List<FieldViolation> errors;

    public ApiException(HttpStatus status, URI type, String title, String detail, List<FieldViolation> errors) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    public static ApiException invalid(List<FieldViolation> errors) {
        return new ApiException(
                HttpStatus.BAD_REQUEST,
                ProblemTypes.VALIDATION,
                "Invalid request",
                errors.size() == 1 ? "1 field is invalid" : errors.size() + " fields are invalid",
                errors);
    }

    public static ApiException invalid(String field, ErrorCode code, String message) {
        return invalid(List.of(new FieldViolation(field, code, message)));
    }

    public static ApiException notFound(String resource, Object id) {
        return new ApiException(
                HttpStatus.NOT_FOUND,
                ProblemTypes.NOT_FOUND,
                resource + " not found",
                "No " + resource.toLowerCase() + " with id " + id,
                List.of());
    }

    public static ApiException gone(String resource, Object id) {
        return new ApiException(
                HttpStatus.GONE,
                ProblemTypes.GONE,
                resource + " deleted",
                "The " + resource.toLowerCase() + " with id " + id + " has been deleted",
                List.of());
    }

    public static ApiException conflict(String detail) {
        return new ApiException(HttpStatus.CONFLICT, ProblemTypes.CONFLICT, "Conflict", detail, List.of());
    }

    public static ApiException staleVersion(long current) {
        return new ApiException(
                HttpStatus.PRECONDITION_FAILED,
                ProblemTypes.PRECONDITION_FAILED,
                "Stale version",
                "If-Match does not match the current version \"" + current + "\"; fetch the resource and retry",
                List.of());
    }

    public static ApiException ifMatchRequired() {
        return new ApiException(
                HttpStatus.PRECONDITION_REQUIRED,
                ProblemTypes.PRECONDITION_REQUIRED,
                "If-Match required",
                "Send the ETag of the version you read in an If-Match header",
                List.of(new FieldViolation("If-Match", ErrorCode.REQUIRED, "header is required")));
    }

    public static ApiException ruleViolation(String title, String detail) {
        return new ApiException(
                HttpStatus.UNPROCESSABLE_CONTENT, ProblemTypes.RULE_VIOLATION, title, detail, List.of());
    }

    public HttpStatus status() {
        return status;
    }

    public URI type() {
        return type;
    }

    public String title() {
        return title;
    }

    public List<FieldViolation> errors() {
        return errors;
    }
}
