package com.crm.support.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.crm.support.problem.ApiException;
import com.crm.support.problem.ErrorCode;
import com.crm.support.problem.FieldViolation;
import com.crm.support.problem.JsonProblems;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.servlet.HandlerMapping;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The request JSON every service binds, as the platform configures it: what it refuses, and where it says. */
class StrictJsonTest {

    record Question(String text, List<String> options) {}

    record Survey(
            String name,
            List<Question> questions,
            List<String> tags,
            List<List<String>> grid,
            Map<String, String> labels,
            Map<String, Object> attributes,
            JsonNode settings,
            Integer count,
            Long total,
            Double share,
            BigDecimal amount) {}

    private final JsonMapper json = strictMapper();

    private static JsonMapper strictMapper() {
        JsonMapper.Builder builder = JsonMapper.builder();
        new CrmWebAutoConfiguration().crmStrictJson().customize(builder);
        return builder.build();
    }

    private FieldViolation refusal(String body) {
        try {
            json.readValue(body, Survey.class);
        } catch (JacksonException e) {
            return JsonProblems.violationOf(e);
        }
        throw new AssertionError("accepted: " + body);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            NUL in a field                  | {"name":"a\\u0000b"}                                   | name
            a bell in a field               | {"name":"ring\\u0007"}                                 | name
            an escape in a nested field     | {"questions":[{"text":"ok"},{"text":"\\u001b[31m"}]}   | questions[1].text
            an unpaired high surrogate      | {"questions":[{"text":"\\ud800"}]}                     | questions[0].text
            an unpaired low surrogate       | {"tags":["x","\\udc00y"]}                               | tags[1]
            a list in a list                | {"grid":[["a"],["b","\\u0000"]]}                       | grid[1][1]
            a list in a record in a list    | {"questions":[{"text":"q","options":["\\u0001"]}]}     | questions[0].options[0]
            a map value                     | {"labels":{"colour":"\\u0000"}}                        | labels.colour
            a map key                       | {"labels":{"col\\u0000our":"red"}}                     | labels
            free JSON deep inside           | {"attributes":{"note":{"lines":["ok","\\ud800"]}}}     | attributes.note.lines[1]
            a key of free JSON              | {"attributes":{"note":{"k\\u0002":1}}}                 | attributes.note
            a JsonNode field                | {"settings":{"theme":["dark",{"font":"\\u0000"}]}}     | settings.theme[1].font
            a key of a JsonNode field       | {"settings":{"\\u0000":true}}                          | settings
            a raw control character         | {"name":"a\u0001b"}                                    | name
            """)
    void textThatCannotBeStoredIsRefusedByItsPath(String what, String body, String field) {
        FieldViolation violation = refusal(body);

        assertThat(violation.field()).isEqualTo(field);
        assertThat(violation.code()).isEqualTo(ErrorCode.INVALID_CHARACTER);
    }

    @Test
    void tabsLineBreaksAndPairedSurrogatesAreText() {
        Survey survey = json.readValue("""
                {"name":"a\\tb\\r\\nc \\ud83d\\ude00","attributes":{"note":"line\\nline"},"settings":{"k":"\\u00e9"}}""", Survey.class);

        assertThat(survey.name()).isEqualTo("a\tb\r\nc \uD83D\uDE00");
        assertThat(survey.attributes()).containsEntry("note", "line\nline");
    }

    @Test
    void aWholeTreeBodyIsCheckedToo() {
        assertThatThrownBy(() -> json.readTree("{\"a\":[1,{\"b\":\"\\u0000\"}]}"))
                .isInstanceOfSatisfying(
                        JacksonException.class,
                        e -> assertThat(JsonProblems.violationOf(e))
                                .isEqualTo(new FieldViolation(
                                        "a[1].b",
                                        ErrorCode.INVALID_CHARACTER,
                                        "holds a character that cannot be stored (NUL, another control character or an "
                                                + "unpaired surrogate)")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a null in a list                 | {"tags":["a",null]}                          | tags[1]
            a null list in a list            | {"grid":[["a"],null]}                        | grid[1]
            a null in a list in a list       | {"grid":[["a"],["b",null]]}                  | grid[1][1]
            a null record in a list          | {"questions":[{"text":"q"},null]}            | questions[1]
            a null in a record's list        | {"questions":[{"text":"q","options":[null]}]} | questions[0].options[0]
            a null map value                 | {"labels":{"colour":null}}                   | labels.colour
            a null value of free JSON        | {"attributes":{"note":null}}                 | attributes.note
            """)
    void aNullElementIsRequiredByItsIndex(String what, String body, String field) {
        FieldViolation violation = refusal(body);

        assertThat(violation.field()).isEqualTo(field);
        assertThat(violation.code()).isEqualTo(ErrorCode.REQUIRED);
    }

    @Test
    void nullsInsideFreeJsonAreJson() {
        Survey survey =
                json.readValue("{\"settings\":{\"a\":[1,null]},\"attributes\":{\"list\":[null]}}", Survey.class);

        assertThat(survey.settings().path("a").get(1).isNull()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            20 digits into an int           | {"count":99999999999999999999}    | count
            1e30 into an int                | {"count":1e30}                    | count
            1e400 into an int               | {"count":1e400}                   | count
            2^63 into a long                | {"total":9223372036854775808}     | total
            1e400 into a long               | {"total":1e400}                   | total
            1e400 into a double             | {"share":1e400}                   | share
            -1e400 into a double            | {"share":-1e400}                  | share
            a decimal of a million digits   | {"amount":1e999999}               | amount
            an int deep inside              | {"questions":[{"text":"q"}],"count":-1e30} | count
            """)
    void aNumberBeyondItsTypeIsOutOfRange(String what, String body, String field) {
        FieldViolation violation = refusal(body);

        assertThat(violation.field()).isEqualTo(field);
        assertThat(violation.code()).isEqualTo(ErrorCode.OUT_OF_RANGE);
    }

    @Test
    void numbersWithinRangeBind() {
        Survey survey = json.readValue(
                "{\"count\":2147483647,\"total\":-9223372036854775808,\"share\":1e300," + "\"amount\":1e30}",
                Survey.class);

        assertThat(survey.count()).isEqualTo(Integer.MAX_VALUE);
        assertThat(survey.total()).isEqualTo(Long.MIN_VALUE);
        assertThat(survey.amount()).isEqualByComparingTo("1e30");
    }

    @Test
    void aParameterOrPathVariableHoldingAControlCharacterIsRefusedByName() {
        var interceptor = new StorableParametersInterceptor();
        var query = new MockHttpServletRequest("GET", "/api/surveys");
        query.setQueryString("limit=5&q=a%00b");
        var path = new MockHttpServletRequest("GET", "/api/segments/x");
        path.setAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE, Map.of("name", "x\u0007"));
        var fine = new MockHttpServletRequest("GET", "/api/surveys");
        fine.setQueryString("q=tab%09here+%F0%9F%98%80&flag");
        // not UTF-8, or not percent-encoding: left to whoever names it invalid-encoding
        var undecodable = new MockHttpServletRequest("GET", "/api/surveys");
        undecodable.setQueryString("q=%C3%28%FF&r=%G0");

        assertThatThrownBy(() -> interceptor.preHandle(query, new MockHttpServletResponse(), new Object()))
                .isInstanceOfSatisfying(
                        ApiException.class,
                        e -> assertThat(e.errors())
                                .extracting(FieldViolation::field, FieldViolation::code)
                                .containsExactly(tuple("q", ErrorCode.INVALID_CHARACTER)));
        assertThatThrownBy(() -> interceptor.preHandle(path, new MockHttpServletResponse(), new Object()))
                .isInstanceOfSatisfying(
                        ApiException.class,
                        e -> assertThat(e.errors())
                                .extracting(FieldViolation::field)
                                .containsExactly("name"));
        assertThat(interceptor.preHandle(fine, new MockHttpServletResponse(), new Object()))
                .isTrue();
        assertThat(interceptor.preHandle(undecodable, new MockHttpServletResponse(), new Object()))
                .isTrue();
    }
}
