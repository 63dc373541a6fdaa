package com.crm.support.problem;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors raised outside Spring MVC (servlet filters, the container) reach {@code /error}: they are answered as
 * problem+json too, never as an HTML page or a stack trace.
 */
@RestController
@Hidden // the container's error path, not part of any API
public class ProblemErrorController implements ErrorController {

    private static final Logger log = LoggerFactory.getLogger(ProblemErrorController.class);

    @RequestMapping(
            path = "/error",
            produces = {MediaType.APPLICATION_PROBLEM_JSON_VALUE, MediaType.APPLICATION_JSON_VALUE, MediaType.ALL_VALUE
            })
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        if (code == null && request.getDispatcherType() != DispatcherType.ERROR) {
            // called by a client, not by an error dispatch: there is no such resource
            return ResponseEntity.status(HttpStatus.NOT_FOUND)
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(Problems.of(
                            HttpStatus.NOT_FOUND,
                            ProblemTypes.NOT_FOUND,
                            "Not found",
                            "No resource at /error",
                            List.of()));
        }
        Throwable failure = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        String path = (String) request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        HttpStatus status = code instanceof Integer c ? HttpStatus.resolve(c) : null;
        if (status == null) {
            status = HttpStatus.INTERNAL_SERVER_ERROR;
        }
        ProblemDetail problem;
        if (failure != null && isTokenIssuerUnreachable(failure)) {
            status = HttpStatus.SERVICE_UNAVAILABLE;
            problem = Problems.of(
                    status,
                    ProblemTypes.UNAUTHORIZED,
                    "Token issuer unavailable",
                    "Tokens cannot be verified right now; retry later",
                    List.of());
        } else if (status.is5xxServerError()) {
            log.error("Request to {} failed", path, failure);
            problem = Problems.of(
                    status,
                    ProblemTypes.INTERNAL,
                    "Internal error",
                    "The request could not be completed; it has been logged",
                    List.of());
        } else {
            problem = ProblemDetail.forStatus(status);
        }
        if (path != null) {
            problem.setInstance(URI.create(path));
        }
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    private static boolean isTokenIssuerUnreachable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getClass().getSimpleName().equals("JwtDecoderInitializationException")) {
                return true;
            }
        }
        return false;
    }
}
