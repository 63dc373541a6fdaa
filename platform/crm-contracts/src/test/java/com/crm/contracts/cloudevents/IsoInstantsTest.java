package com.crm.contracts.cloudevents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IsoInstantsTest {

    /** As PostgreSQL and Jackson write: seconds always, the fraction only when there is one. */
    private static final DateTimeFormatter WITH_SECONDS = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd'T'HH:mm:ss")
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .appendOffsetId()
            .toFormatter();

    @Test
    void readsWhatTheJdkWritesExactlyAsTheJdkReadsIt() {
        SplittableRandom random = new SplittableRandom(7);
        long from = Instant.parse("1900-01-01T00:00:00Z").getEpochSecond();
        long to = Instant.parse("2200-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 200_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(from, to), random.nextInt(1_000_000_000));
            // every precision the platform's writers produce: seconds, millis (Jackson), micros (PostgreSQL), nanos
            Instant truncated = switch (i % 4) {
                case 0 -> instant.truncatedTo(ChronoUnit.SECONDS);
                case 1 -> instant.truncatedTo(ChronoUnit.MILLIS);
                case 2 -> instant.truncatedTo(ChronoUnit.MICROS);
                default -> instant;
            };
            String text = truncated.toString();
            assertThat(IsoInstants.parseOrNull(text)).as(text).isEqualTo(Instant.parse(text));
            String offset = WITH_SECONDS.format(
                    truncated.atOffset(ZoneOffset.ofHoursMinutes(i % 2 == 0 ? 8 : -5, i % 2 == 0 ? 0 : -30)));
            assertThat(IsoInstants.parseOrNull(offset))
                    .as(offset)
                    .isEqualTo(OffsetDateTime.parse(offset).toInstant());
        }
    }

    @Test
    void postgresqlsJsonTimestamps() {
        assertThat(IsoInstants.parseOrNull("2026-12-07T15:18:41.123456+00:00"))
                .isEqualTo(Instant.parse("2026-12-07T15:18:41.123456Z"));
        assertThat(IsoInstants.parseOrNull("2024-02-29T23:30:00+08:00"))
                .isEqualTo(Instant.parse("2024-02-29T15:30:00Z"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "2026-12-07",
                "2026-12-07T15:18:41",
                "2026-12-07T15:18:41.Z",
                "2026-12-07T15:18:41.1234567891Z",
                "2026-13-07T15:18:41Z",
                "2026-02-30T15:18:41Z",
                "2025-02-29T00:00:00Z",
                "2026-12-07T24:00:00Z",
                "2026-12-07T23:60:00Z",
                "2026-12-07T23:59:60Z",
                "2026-12-07t15:18:41z",
                "2026-12-07 15:18:41Z",
                "+12026-12-07T15:18:41Z",
                "2026-12-07T15:18:41+0800",
                "2026-12-07T15:18:41+19:00",
                "2026-12-07T15:18:41ZZ",
                "2026-1a-07T15:18:41Z",
                "２０２６-12-07T15:18:41Z"
            })
    void anythingElseIsLeftToTheJdk(String text) {
        assertThat(IsoInstants.parseOrNull(text)).isNull();
    }

    @Test
    void theFallbackReadsOtherFormsAndWordsTheErrors() {
        assertThat(IsoInstants.parse("2026-12-07T15:18:41.5Z")).isEqualTo(Instant.parse("2026-12-07T15:18:41.500Z"));
        assertThat(IsoInstants.parse("+12026-12-07T15:18:41Z"))
                .isEqualTo(OffsetDateTime.parse("+12026-12-07T15:18:41Z").toInstant());
        assertThatThrownBy(() -> IsoInstants.parse("2026-02-30T15:18:41Z")).isInstanceOf(DateTimeParseException.class);
    }
}
