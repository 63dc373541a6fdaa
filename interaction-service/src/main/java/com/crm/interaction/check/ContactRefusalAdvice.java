package com.crm.interaction.check;

import com.crm.support.problem.Problems;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.springframework.beans.factory.ObjectProvider;
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

    /** {@code crm_contacts_refused_total}: contacts the policies refused to record (each a 422), by first rule. */
    static final String REFUSED_METRIC = "crm.contacts.refused";

    private final ObjectProvider<MeterRegistry> meters;

    ContactRefusalAdvice(ObjectProvider<MeterRegistry> meters) {
        this.meters = meters;
    }

    @ExceptionHandler(ContactRefusedException.class)
    ResponseEntity<ProblemDetail> refused(ContactRefusedException e, HttpServletRequest request) {
        String rule = e.reasons().isEmpty()
                ? "none"
                : String.valueOf(e.reasons().getFirst().rule());
        meters.ifAvailable(
                registry -> registry.counter(REFUSED_METRIC, "rule", rule).increment());
        ProblemDetail problem = Problems.of(e);
        problem.setInstance(URI.create(request.getRequestURI()));
        problem.setProperty("reasons", e.reasons());
        problem.setProperty("earliestAllowedAt", e.decision().earliestAllowedAt());
        return ResponseEntity.status(e.status())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
