package com.crm.support.problem;

import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/** Builds the platform's problem bodies: type, title, status, detail and, when fields are at fault, errors[]. */
public final class Problems {

    public static final String ERRORS = "errors";

    private Problems() {}

    public static ProblemDetail of(
            HttpStatusCode status, URI type, String title, String detail, List<FieldViolation> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type);
        problem.setTitle(title);
        if (!errors.isEmpty()) {
            problem.setProperty(ERRORS, errors);
        }
        return problem;
    }

    public static ProblemDetail of(ApiException e) {
        return of(e.status(), e.type(), e.title(), e.getMessage(), e.errors());
    }
}
