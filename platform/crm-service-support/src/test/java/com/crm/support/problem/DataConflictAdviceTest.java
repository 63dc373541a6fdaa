package com.crm.support.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;

class DataConflictAdviceTest {

    @Test
    void aUniqueKeyRefusalIsAConflictProblemForTheRequestWithoutTheDatabasesWording() {
        var request = new MockHttpServletRequest("POST", "/api/communication-plans");
        var refusal = new DuplicateKeyException("insert into communication_plan ...",
                new SQLException("duplicate key value violates unique constraint \"communication_plan_name_key\""));

        ResponseEntity<ProblemDetail> answer = new DataConflictAdvice().handleDuplicateKey(refusal, request);

        assertThat(answer.getStatusCode().value()).isEqualTo(409);
        assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        ProblemDetail problem = answer.getBody();
        assertThat(problem.getType()).isEqualTo(ProblemTypes.CONFLICT);
        assertThat(problem.getInstance()).hasToString("/api/communication-plans");
        assertThat(problem.getDetail()).doesNotContain("communication_plan_name_key").contains("retry");
    }
}
