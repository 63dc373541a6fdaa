package com.crm.tokenissuer.people;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The admin API's errors as RFC 9457 problem+json, with {@code errors[]} naming each field at fault. */
@RestControllerAdvice(assignableTypes = AdminController.class)
class AdminProblems {

    static final MediaType PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON;

    private static final Map<HttpStatus, String> TYPES = Map.of(
            HttpStatus.BAD_REQUEST, "urn:crm:problem:validation",
            HttpStatus.NOT_FOUND, "urn:crm:problem:not-found",
            HttpStatus.CONFLICT, "urn:crm:problem:conflict");

    @ExceptionHandler(PeopleException.class)
    ResponseEntity<ProblemDetail> refused(PeopleException e) {
        return problem(e.status(), e.getMessage(), e.errors());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e) {
        return problem(
                HttpStatus.BAD_REQUEST,
                "The body is not a JSON object of the expected fields",
                List.of(new FieldError("body", "malformed", "not readable as JSON of this resource")));
    }

    static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail, List<FieldError> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPES.getOrDefault(status, "about:blank")));
        if (!errors.isEmpty()) {
            problem.setProperty("errors", errors);
        }
        return ResponseEntity.status(status).contentType(PROBLEM_JSON).body(problem);
    }
}
