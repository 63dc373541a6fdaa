package com.crm.interaction.check;

import com.crm.support.problem.Problems;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Renders a policy refusal as problem+json with {@code reasons[]} and {@code earliestAllowedAt}. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ContactRefusalAdvice {

    @ExceptionHandler(ContactRefusedException.class)
    ResponseEntity<ProblemDetail> refused(ContactRefusedException e, HttpServletRequest request) {
        ProblemDetail problem = Problems.of(e);
        problem.setInstance(URI.create(request.getRequestURI()));
        problem.setProperty("reasons", e.reasons());
        problem.setProperty("earliestAllowedAt", e.decision().earliestAllowedAt());
        return ResponseEntity.status(e.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
