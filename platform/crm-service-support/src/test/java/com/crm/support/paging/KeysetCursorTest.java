package com.crm.support.paging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.crm.support.problem.ApiException;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class KeysetCursorTest {

    @Test
    void roundTripsToTheMicrosecond() {
        var cursor = new KeysetCursor(Instant.parse("2026-11-25T10:15:30.123456Z"), UUID.randomUUID());
        assertThat(KeysetCursor.decode(cursor.encode())).isEqualTo(cursor);
    }

    @Test
    void rejectsForgedCursorsNamingTheParameter() {
        assertThatThrownBy(() -> KeysetCursor.decode("not-a-cursor"))
                .isInstanceOfSatisfying(
                        ApiException.class,
                        e -> assertThat(e.errors())
                                .singleElement()
                                .extracting("field")
                                .isEqualTo("cursor"));
    }

    @Test
    void boundsThePageSize() {
        assertThat(PageLimit.resolve(null)).isEqualTo(50);
        assertThat(PageLimit.resolve(500)).isEqualTo(500);
        assertThatThrownBy(() -> PageLimit.resolve(501)).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> PageLimit.resolve(0)).isInstanceOf(ApiException.class);
    }
}
