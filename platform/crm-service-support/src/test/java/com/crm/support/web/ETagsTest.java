package com.crm.support.web;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.crm.support.problem.ApiException;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class ETagsTest {

    @Test
    void acceptsTheCurrentVersionAmongSeveralTagsOrAStar() {
        assertThatCode(() -> ETags.requireMatch("\"3\"", 3)).doesNotThrowAnyException();
        assertThatCode(() -> ETags.requireMatch("\"1\", \"3\"", 3)).doesNotThrowAnyException();
        assertThatCode(() -> ETags.requireMatch("*", 3)).doesNotThrowAnyException();
    }

    @Test
    void refusesStaleOrWeakTagsWith412AndMissingWith428() {
        assertThatThrownBy(() -> ETags.requireMatch("\"2\"", 3))
                .isInstanceOfSatisfying(
                        ApiException.class,
                        e -> Assertions.assertThat(e.status()).isEqualTo(HttpStatus.PRECONDITION_FAILED));
        assertThatThrownBy(() -> ETags.requireMatch("W/\"3\"", 3)).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> ETags.requireMatch(null, 3))
                .isInstanceOfSatisfying(
                        ApiException.class,
                        e -> Assertions.assertThat(e.status()).isEqualTo(HttpStatus.PRECONDITION_REQUIRED));
    }
}
