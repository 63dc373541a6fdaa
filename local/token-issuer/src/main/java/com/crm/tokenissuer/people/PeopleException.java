package com.crm.tokenissuer.people;

import java.util.List;
import org.springframework.http.HttpStatus;

/** A refused admin API request: its status, a detail and the fields at fault. */
public final class PeopleException extends RuntimeException {

    private final HttpStatus status;
    private final List<FieldError> errors;

    public PeopleException(HttpStatus status, String detail, List<FieldError> errors) {
        super(detail);
        this.status = status;
        this.errors = List.copyOf(errors);
    }

    static PeopleException invalid(List<FieldError> errors) {
        return new PeopleException(HttpStatus.BAD_REQUEST, "The request has invalid fields", errors);
    }

    static PeopleException notFound(String what) {
        return new PeopleException(HttpStatus.NOT_FOUND, what + " does not exist", List.of());
    }

    static PeopleException conflict(String detail, FieldError error) {
        return new PeopleException(HttpStatus.CONFLICT, detail, List.of(error));
    }

    public HttpStatus status() {
        return this.status;
    }

    public List<FieldError> errors() {
        return this.errors;
    }
}
