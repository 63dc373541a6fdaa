package com.crm.support.problem;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A unique index refused a write that the service's own checks let through (two requests writing the same key at
 * the same moment): the caller's conflict, to resolve or retry, never a 500. Likewise a value PostgreSQL refuses as
 * data (SQLState class 22: too long, out of range, a bad character, an impossible date) that the service's checks
 * missed is the caller's 400, naming the whole request ({@code $}) as the database does not say which field. A
 * transaction the database gave up on for a moment (a deadlock, a serialization failure, a lock or statement timeout)
 * was rolled back whole: 503 with {@code Retry-After}, so a client retries what nothing of was applied. Only
 * where Spring's data access classes are present (not in the gateway); ahead of {@link ProblemDetailsAdvice}'s
 * catch-all.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE - 20)
public class DataConflictAdvice {

    private static final Logger log = LoggerFactory.getLogger(DataConflictAdvice.class);

    private static final String DATA_EXCEPTION_CLASS = "22";

    /** Serialization failure, deadlock, lock not available, statement cancelled (the statement timeout). */
    private static final Set<String> TRANSIENT = Set.of("40001", "40P01", "55P03", "57014");

    static final String RETRY_AFTER_SECONDS = "1";

    @ExceptionHandler(DuplicateKeyException.class)
    ResponseEntity<ProblemDetail> handleDuplicateKey(DuplicateKeyException e, HttpServletRequest request) {
        log.info(
                "Unique key conflict on {} {}: {}",
                request.getMethod(),
                request.getRequestURI(),
                e.getMostSpecificCause().getMessage());
        ProblemDetail problem = Problems.of(ApiException.conflict(
                "The request conflicts with a record written at the same time; read the current state and retry"));
        problem.setInstance(URI.create(request.getRequestURI()));
        return ResponseEntity.status(HttpStatus.CONFLICT)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    @ExceptionHandler(DataAccessException.class)
    ResponseEntity<ProblemDetail> handleDataAccess(DataAccessException e, HttpServletRequest request) {
        String state = sqlState(e);
        ProblemDetail problem;
        HttpStatus status;
        if (state != null && state.startsWith(DATA_EXCEPTION_CLASS)) {
            log.info(
                    "Data refused by the database on {} {} (SQLState {}): {}",
                    request.getMethod(),
                    request.getRequestURI(),
                    state,
                    e.getMostSpecificCause().getMessage());
            status = HttpStatus.BAD_REQUEST;
            problem = Problems.of(ApiException.invalid(List.of(dataViolation(state))));
        } else if (state != null && TRANSIENT.contains(state)) {
            log.warn(
                    "Transaction given up by the database on {} {} (SQLState {}): {}",
                    request.getMethod(),
                    request.getRequestURI(),
                    state,
                    e.getMostSpecificCause().getMessage());
            status = HttpStatus.SERVICE_UNAVAILABLE;
            problem = Problems.of(
                    status,
                    ProblemTypes.TRY_AGAIN,
                    "Try again",
                    "The request met other writes at the same moment and nothing of it was applied; retry it",
                    List.of());
            problem.setInstance(URI.create(request.getRequestURI()));
            return ResponseEntity.status(status)
                    .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(problem);
        } else {
            // the catch-all's answer: this handler is chosen ahead of it for every data access failure
            log.error("Unexpected error on {} {}", request.getMethod(), request.getRequestURI(), e);
            status = HttpStatus.INTERNAL_SERVER_ERROR;
            problem = Problems.of(
                    status,
                    ProblemTypes.INTERNAL,
                    "Internal error",
                    "The request could not be completed; it has been logged",
                    List.of());
        }
        problem.setInstance(URI.create(request.getRequestURI()));
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    static FieldViolation dataViolation(String sqlState) {
        return switch (sqlState) {
            case "22001" -> new FieldViolation("$", ErrorCode.TOO_LONG, "a value is longer than the field can hold");
            case "22003", "22008" ->
                new FieldViolation(
                        "$",
                        ErrorCode.OUT_OF_RANGE,
                        "a number, date or duration is out of the range the field can hold");
            case "22021", "22P05" ->
                new FieldViolation("$", ErrorCode.INVALID_CHARACTER, "a value holds a character that cannot be stored");
            case "22007" -> new FieldViolation("$", ErrorCode.INVALID_FORMAT, "a date or time is not valid");
            default -> new FieldViolation("$", ErrorCode.INVALID_VALUE, "a value cannot be stored");
        };
    }

    private static String sqlState(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return null;
    }
}
