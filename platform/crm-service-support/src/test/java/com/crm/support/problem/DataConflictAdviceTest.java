package com.crm.support.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;

class DataConflictAdviceTest {

    @Test
    void aUniqueKeyRefusalIsAConflictProblemForTheRequestWithoutTheDatabasesWording() {
        var request = new MockHttpServletRequest("POST", "/api/communication-plans");
        var refusal = new DuplicateKeyException(
                "insert into communication_plan ...",
                new SQLException("duplicate key value violates unique constraint \"communication_plan_name_key\""));

        ResponseEntity<ProblemDetail> answer = new DataConflictAdvice().handleDuplicateKey(refusal, request);

        assertThat(answer.getStatusCode().value()).isEqualTo(409);
        assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        ProblemDetail problem = answer.getBody();
        assertThat(problem.getType()).isEqualTo(ProblemTypes.CONFLICT);
        assertThat(problem.getInstance()).hasToString("/api/communication-plans");
        assertThat(problem.getDetail())
                .doesNotContain("communication_plan_name_key")
                .contains("retry");
    }

    @Test
    void aValueTheDatabaseRefusesAsDataIsABadRequestNamingTheWholeRequest() {
        var request = new MockHttpServletRequest("POST", "/api/surveys");
        var refusal = new DataIntegrityViolationException(
                "insert into survey ...", new SQLException("value too long for type character varying(200)", "22001"));

        ResponseEntity<ProblemDetail> answer = new DataConflictAdvice().handleDataAccess(refusal, request);

        assertThat(answer.getStatusCode().value()).isEqualTo(400);
        assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(answer.getBody().getProperties().get(Problems.ERRORS))
                .asInstanceOf(InstanceOfAssertFactories.LIST)
                .containsExactly(
                        new FieldViolation("$", ErrorCode.TOO_LONG, "a value is longer than the field can hold"));
        assertThat(DataConflictAdvice.dataViolation("22003").code()).isEqualTo(ErrorCode.OUT_OF_RANGE);
        assertThat(DataConflictAdvice.dataViolation("22021").code()).isEqualTo(ErrorCode.INVALID_CHARACTER);
        assertThat(DataConflictAdvice.dataViolation("22P05").code()).isEqualTo(ErrorCode.INVALID_CHARACTER);
        assertThat(DataConflictAdvice.dataViolation("22008").code()).isEqualTo(ErrorCode.OUT_OF_RANGE);
        assertThat(DataConflictAdvice.dataViolation("22007").code()).isEqualTo(ErrorCode.INVALID_FORMAT);
    }

    @Test
    void anyOtherDatabaseFailureStaysAnInternalErrorProblem() {
        var request = new MockHttpServletRequest("GET", "/api/surveys");
        var failure = new DataAccessResourceFailureException(
                "connection refused", new SQLException("Connection refused", "08001"));

        ResponseEntity<ProblemDetail> answer = new DataConflictAdvice().handleDataAccess(failure, request);

        assertThat(answer.getStatusCode().value()).isEqualTo(500);
        assertThat(answer.getBody().getType()).isEqualTo(ProblemTypes.INTERNAL);
        assertThat(answer.getBody().getDetail()).doesNotContain("Connection refused");
    }

    @Test
    void aTransactionTheDatabaseGaveUpIsA503ToRetryWithoutTheDatabasesWording() {
        var request = new MockHttpServletRequest("PATCH", "/api/customers/1");
        for (String state : List.of("40P01", "40001", "55P03", "57014")) {
            var failure = new CannotAcquireLockException(
                    "update customer ...", new SQLException("deadlock detected: process 4711 waits", state));

            ResponseEntity<ProblemDetail> answer = new DataConflictAdvice().handleDataAccess(failure, request);

            assertThat(answer.getStatusCode().value()).as(state).isEqualTo(503);
            assertThat(answer.getHeaders().getFirst("Retry-After")).isEqualTo("1");
            assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(answer.getBody().getType()).isEqualTo(ProblemTypes.TRY_AGAIN);
            assertThat(answer.getBody().getInstance()).hasToString("/api/customers/1");
            assertThat(answer.getBody().getDetail()).doesNotContain("4711").contains("retry");
        }
    }
}
