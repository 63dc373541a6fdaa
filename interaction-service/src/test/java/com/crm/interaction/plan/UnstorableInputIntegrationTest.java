package com.crm.interaction.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.crm.test.ApiClient;
import com.crm.test.ApiClient.ApiResponse;
import com.crm.test.CrmServiceTest;
import com.crm.test.TestTokens;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * What PostgreSQL cannot store never gets as far as the database (where it was a 500): the platform's JSON refuses
 * it with a 400 naming the field by its path, and nothing is written.
 */
@CrmServiceTest
class UnstorableInputIntegrationTest {

    private static final String PLAN = """
            {"name":%s,"customerIds":%s,"rules":%s}""";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    private ApiClient admin;

    @BeforeEach
    void client() {
        admin = ApiClient.of("http://localhost:" + port)
                .withToken(TestTokens.withScopes("crm.read", "crm.write", "crm.admin"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            NUL in the name               | "plan\\u0000"   | ["%s"]      | [{"channel":"PHONE","every":"P1M"}]                           | name          | invalid-character
            a control character           | "plan\\u0007"   | ["%s"]      | [{"channel":"PHONE","every":"P1M"}]                           | name          | invalid-character
            an unpaired surrogate         | "plan\\ud800"   | ["%s"]      | [{"channel":"PHONE","every":"P1M"}]                           | name          | invalid-character
            NUL in a nested field         | "plan"          | ["%s"]      | [{"channel":"PHONE","every":"P1M"},{"channel":"VISIT","every":"P1M\\u0000"}] | rules[1].every | invalid-character
            a null element                | "plan"          | ["%s",null] | [{"channel":"PHONE","every":"P1M"}]                           | customerIds[1] | required
            a null rule                   | "plan"          | ["%s"]      | [{"channel":"PHONE","every":"P1M"},null]                      | rules[1]      | required
            """)
    void aPlanHoldingWhatCannotBeStoredIsABadRequestNamingTheFieldAndNothingIsWritten(
            String what, String name, String customerIds, String rules, String field, String code) {
        long before = plans();

        ApiResponse refused = admin.post(
                "/api/communication-plans", PLAN.formatted(name, customerIds.formatted(UUID.randomUUID()), rules));

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        JsonNode error = refused.json().at("/errors/0");
        assertThat(error.get("field").asString()).isEqualTo(field);
        assertThat(error.get("code").asString()).isEqualTo(code);
        assertThat(plans()).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            NUL in the name          | {"name":"quiet\\u0000","maxContacts":1,"window":"P30D"}    | name        | invalid-character
            an unpaired surrogate    | {"name":"quiet","maxContacts":1,"window":"P30D\\udfff"}    | window      | invalid-character
            a number beyond an int   | {"name":"quiet","maxContacts":1e30,"window":"P30D"}        | maxContacts | out-of-range
            2^63                     | {"name":"quiet","maxContacts":9223372036854775808,"window":"P30D"} | maxContacts | out-of-range
            """)
    void aContactPolicyHoldingWhatCannotBeStoredIsABadRequestNamingTheFieldAndNothingIsWritten(
            String what, String body, String field, String code) {
        long before = policies();

        ApiResponse refused = admin.post("/api/contact-policies", body);

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        JsonNode error = refused.json().at("/errors/0");
        assertThat(error.get("field").asString()).isEqualTo(field);
        assertThat(error.get("code").asString()).isEqualTo(code);
        assertThat(policies()).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"%00", "%07", "%1B"})
    void aQueryParameterHoldingAControlCharacterIsABadRequestNamingIt(String character) {
        ApiResponse refused = admin.get("/api/due-contacts?agentId=agent" + character);

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        JsonNode error = refused.json().at("/errors/0");
        assertThat(error.get("field").asString()).isEqualTo("agentId");
        assertThat(error.get("code").asString()).isEqualTo("invalid-character");
    }

    private long plans() {
        return jdbc.sql("select count(*) from communication_plan")
                .query(Long.class)
                .single();
    }

    private long policies() {
        return jdbc.sql("select count(*) from contact_policy").query(Long.class).single();
    }
}
