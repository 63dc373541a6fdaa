package com.crm.support.json;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class JsonMergePatchTest {

    private final JsonMapper mapper = JsonMapper.builder().build();

    private JsonNode json(String text) {
        return mapper.readTree(text.replace('\'', '"'));
    }

    @Test
    void followsTheRfc7396Examples() {
        assertThat(JsonMergePatch.apply(json("{'a':'b'}"), json("{'a':'c'}"))).isEqualTo(json("{'a':'c'}"));
        assertThat(JsonMergePatch.apply(json("{'a':'b'}"), json("{'b':'c'}"))).isEqualTo(json("{'a':'b','b':'c'}"));
        assertThat(JsonMergePatch.apply(json("{'a':'b'}"), json("{'a':null}"))).isEqualTo(json("{}"));
        assertThat(JsonMergePatch.apply(json("{'a':{'b':'c'}}"), json("{'a':{'b':'d','c':null}}")))
                .isEqualTo(json("{'a':{'b':'d'}}"));
        assertThat(JsonMergePatch.apply(json("{'a':[{'b':'c'}]}"), json("{'a':[1]}")))
                .isEqualTo(json("{'a':[1]}"));
        assertThat(JsonMergePatch.apply(json("{'e':null}"), json("{'a':1}"))).isEqualTo(json("{'e':null,'a':1}"));
        assertThat(JsonMergePatch.apply(json("[1,2]"), json("{'a':'b','c':null}")))
                .isEqualTo(json("{'a':'b'}"));
        assertThat(JsonMergePatch.apply(json("{}"), json("{'a':{'bb':{'ccc':null}}}")))
                .isEqualTo(json("{'a':{'bb':{}}}"));
    }

    @Test
    void leavesItsInputsUntouched() {
        JsonNode target = json("{'a':{'b':1}}");
        JsonMergePatch.apply(target, json("{'a':{'b':2}}"));
        assertThat(target).isEqualTo(json("{'a':{'b':1}}"));
    }
}
