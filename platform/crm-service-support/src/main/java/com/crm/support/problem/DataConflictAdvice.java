package com.crm.support.problem;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A unique index refused a write that the service's own checks let through (two requests writing the same key at
 * the same moment): the caller's conflict, to resolve or retry, never a 500. Only where Spring's data access classes
 * are present (not in the gateway); ahead of {@link ProblemDetailsAdvice}'s catch-all.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE - 20)
public class DataConflictAdvice {

    private static final Logger log = LoggerFactory.getLogger(DataConflictAdvice.class);

    @ExceptionHandler(DuplicateKeyException.class)
    ResponseEntity<ProblemDetail> handleDuplicateKey(DuplicateKeyException e, HttpServletRequest request) {
        log.info("Unique key conflict on {} {}: {}", request.getMethod(), request.getRequestURI(),
                e.getMostSpecificCause().getMessage());
        ProblemDetail problem = Problems.of(ApiException.conflict(
                "The request conflicts with a record written at the same time; read the current state and retry"));
        problem.setInstance(URI.create(request.getRequestURI()));
        return ResponseEntity.status(HttpStatus.CONFLICT).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
