package com.crm.support.problem;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;

/**
 * Every error a service answers is RFC 9457 {@code application/problem+json} naming each field at fault;
 * nothing escapes as a stack trace.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE - 10)
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<Object> handleApi(ApiException e, WebRequest request) {
        return respond(Problems.of(e), e.status(), request);
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<Object> handleConstraintViolation(ConstraintViolationException e, WebRequest request) {
        List<FieldViolation> errors = e.getConstraintViolations().stream()
                .map(v -> ConstraintCodes.violation(lastNode(v.getPropertyPath().toString()), v))
                .toList();
        return respond(Problems.of(ApiException.invalid(errors)), HttpStatus.BAD_REQUEST, request);
    }

    /** {@code @PreAuthorize} refusals surface here, not in the security filter chain: same 403 as the chain's. */
    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<Object> handleAccessDenied(Exception e, WebRequest request) {
        ProblemDetail problem = Problems.of(
                HttpStatus.FORBIDDEN,
                ProblemTypes.FORBIDDEN,
                "Forbidden",
                "The token lacks the scope this operation needs",
                List.of());
        return respond(problem, HttpStatus.FORBIDDEN, request);
    }

    /** A query or form parameter that is not valid UTF-8 (Tomcat refuses to decode it). */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<Object> handleUndecodableParameter(Exception e, WebRequest request) {
        ProblemDetail problem = Problems.of(
                HttpStatus.BAD_REQUEST,
                ProblemTypes.MALFORMED,
                "Malformed request",
                "A request parameter is not valid UTF-8",
                List.of());
        return respond(problem, HttpStatus.BAD_REQUEST, request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> handleUnexpected(Exception e, WebRequest request) {
        log.error("Unexpected error on {}", describe(request), e);
        ProblemDetail problem = Problems.of(
                HttpStatus.INTERNAL_SERVER_ERROR,
                ProblemTypes.INTERNAL,
                "Internal error",
                "The request could not be completed; it has been logged",
                List.of());
        return respond(problem, HttpStatus.INTERNAL_SERVER_ERROR, request);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldViolation> errors = new ArrayList<>();
        for (FieldError fe : e.getBindingResult().getFieldErrors()) {
            errors.add(new FieldViolation(fe.getField(), codeOf(fe, fe.getRejectedValue()), fe.getDefaultMessage()));
        }
        e.getBindingResult()
                .getGlobalErrors()
                .forEach(ge -> errors.add(new FieldViolation("$", codeOf(ge, null), ge.getDefaultMessage())));
        return respond(Problems.of(ApiException.invalid(errors)), HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldViolation> errors = new ArrayList<>();
        e.getParameterValidationResults().forEach(result -> {
            String name = result.getMethodParameter().getParameterName();
            for (var error : result.getResolvableErrors()) {
                String field = error instanceof FieldError fe ? fe.getField() : name;
                ConstraintViolation<?> violation = result.unwrap(error, ConstraintViolation.class);
                errors.add(
                        violation != null
                                ? ConstraintCodes.violation(field, violation)
                                : new FieldViolation(field, ErrorCode.INVALID_VALUE, error.getDefaultMessage()));
            }
        });
        return respond(Problems.of(ApiException.invalid(errors)), HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        FieldViolation violation = describeUnreadable(e);
        ProblemDetail problem = violation == null
                ? Problems.of(
                        HttpStatus.BAD_REQUEST,
                        ProblemTypes.MALFORMED,
                        "Malformed request",
                        "The request body is missing or is not valid JSON",
                        List.of())
                : Problems.of(ApiException.invalid(List.of(violation)));
        return respond(problem, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(
            MissingServletRequestParameterException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return respond(
                Problems.of(ApiException.invalid(e.getParameterName(), ErrorCode.REQUIRED, "parameter is required")),
                HttpStatus.BAD_REQUEST,
                request);
    }

    @ExceptionHandler(MissingRequestHeaderException.class)
    ResponseEntity<Object> handleMissingHeader(MissingRequestHeaderException e, WebRequest request) {
        return respond(
                Problems.of(ApiException.invalid(e.getHeaderName(), ErrorCode.REQUIRED, "header is required")),
                HttpStatus.BAD_REQUEST,
                request);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Object> handleArgumentTypeMismatch(MethodArgumentTypeMismatchException e, WebRequest request) {
        Class<?> required = e.getRequiredType();
        String expected = required == null
                ? "a valid value"
                : required.isEnum()
                        ? "one of " + Arrays.toString(required.getEnumConstants())
                        : "a valid " + required.getSimpleName();
        return respond(
                Problems.of(ApiException.invalid(
                        e.getName(), ErrorCode.TYPE_MISMATCH, "'" + e.getValue() + "' is not " + expected)),
                HttpStatus.BAD_REQUEST,
                request);
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception ex, Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
        if (body instanceof ProblemDetail problem && request instanceof ServletWebRequest servlet) {
            if (problem.getInstance() == null) {
                problem.setInstance(URI.create(servlet.getRequest().getRequestURI()));
            }
        }
        return super.handleExceptionInternal(ex, body, headers, statusCode, request);
    }

    private ResponseEntity<Object> respond(ProblemDetail problem, HttpStatusCode status, WebRequest request) {
        return handleExceptionInternal(new ProblemCarrier(), problem, new HttpHeaders(), status, request);
    }

    static FieldViolation describeUnreadable(HttpMessageNotReadableException e) {
        return e.getCause() instanceof JacksonException jackson ? JsonProblems.violationOf(jackson) : null;
    }

    private static ErrorCode codeOf(ObjectError error, Object rejected) {
        if (error.contains(ConstraintViolation.class)) {
            return ConstraintCodes.of(error.unwrap(ConstraintViolation.class));
        }
        return ConstraintCodes.of(error.getCode() == null ? "" : error.getCode(), rejected, Map.of());
    }

    private static String lastNode(String propertyPath) {
        int dot = propertyPath.indexOf('.');
        return dot < 0 ? propertyPath : propertyPath.substring(dot + 1);
    }

    private static String describe(WebRequest request) {
        return request instanceof ServletWebRequest servlet
                ? servlet.getRequest().getMethod() + " " + servlet.getRequest().getRequestURI()
                : request.getDescription(false);
    }

    /** Stands in for the exception when a handler has already built its problem body. */
    private static final class ProblemCarrier extends Exception {
        ProblemCarrier() {
            super(null, null, false, false);
        }
    }
}
