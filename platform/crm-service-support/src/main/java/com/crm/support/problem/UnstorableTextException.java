package com.crm.support.problem;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * A JSON string (or object key) holding a character that cannot be stored; its path says where, and
 * {@link JsonProblems} answers it as {@link ErrorCode#INVALID_CHARACTER}.
 */
public class UnstorableTextException extends MismatchedInputException {

    public UnstorableTextException(JsonParser parser, String message) {
        super(parser, message);
    }
}
