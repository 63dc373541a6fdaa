package com.crm.support.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.crm.support.json.StoredJson;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** What a service stored before the request rules existed stays readable; requests still meet the rules. */
class StoredJsonTest {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
    private static final String OLD_ROW = "{\"vip\":null,\"note\":\"bell\\u0007\",\"tags\":[\"a\",null]}";

    private final JsonMapper requests = strictMapper();
    private final JsonMapper stored = new StoredJson(requests).mapper();

    private static JsonMapper strictMapper() {
        JsonMapper.Builder builder = JsonMapper.builder();
        new CrmWebAutoConfiguration().crmStrictJson().customize(builder);
        return builder.build();
    }

    record Row(List<String> tags, String note) {}

    @Test
    void aRowStoredBeforeTheRulesIsReadAsItWas() {
        Map<String, Object> attributes = stored.readValue(OLD_ROW, MAP);
        assertThat(attributes).containsEntry("vip", null).containsEntry("note", "bell\u0007");
        assertThat(attributes.get("tags")).isEqualTo(Arrays.asList("a", null));
        Row row = stored.readValue("{\"tags\":[\"a\",null],\"note\":\"bell\\u0007\"}", Row.class);
        assertThat(row.tags()).containsExactly("a", null);
    }

    @Test
    void theSameInARequestIsRefused() {
        assertThatThrownBy(() -> requests.readValue(OLD_ROW, MAP)).isInstanceOf(JacksonException.class);
        assertThatThrownBy(() -> requests.readValue("{\"tags\":[\"a\",null]}", Row.class))
                .isInstanceOf(JacksonException.class);
    }

    @Test
    void writesAreTheServicesOwn() {
        Row row = new Row(List.of("a"), "n");
        assertThat(stored.writeValueAsString(row)).isEqualTo(requests.writeValueAsString(row));
    }
}
