package com.crm.support.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

class ValidatedTokenCacheTest {

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    private final AtomicInteger decodes = new AtomicInteger();
    private final AtomicLong nanos = new AtomicLong();
    private Instant now = T0;
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    /** A decoder that accepts tokens named "good-*" expiring at T0 + 10 min and refuses anything else. */
    private final JwtDecoder decoder = token -> {
        decodes.incrementAndGet();
        if (!token.startsWith("good-")) {
            throw new BadJwtException("bad signature");
        }
        if (!now.isBefore(T0.plus(Duration.ofMinutes(10)))) {
            throw new BadJwtException("expired");
        }
        return Jwt.withTokenValue(token)
                .header("alg", "RS256")
                .subject(token)
                .issuedAt(T0)
                .expiresAt(T0.plus(Duration.ofMinutes(10)))
                .build();
    };

    private ValidatedTokenCache cache(Duration maxAge) {
        return new ValidatedTokenCache(decoder, 100, maxAge, clock, nanos::get);
    }

    private void advance(Duration d) {
        now = now.plus(d);
        nanos.addAndGet(d.toNanos());
    }

    @Test
    void aReusedTokenIsValidatedOnceAndADifferentTokenIsValidatedOnItsOwn() {
        ValidatedTokenCache cache = cache(Duration.ofMinutes(5));

        assertThat(cache.decode("good-a").getSubject()).isEqualTo("good-a");
        assertThat(cache.decode("good-a").getSubject()).isEqualTo("good-a");
        assertThat(cache.decode("good-b").getSubject()).isEqualTo("good-b");

        assertThat(decodes).hasValue(2);
    }

    @Test
    void aRefusedTokenIsNeverRememberedAndIsRefusedEveryTime() {
        ValidatedTokenCache cache = cache(Duration.ofMinutes(5));

        assertThatThrownBy(() -> cache.decode("forged")).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> cache.decode("forged")).isInstanceOf(BadJwtException.class);

        assertThat(decodes).hasValue(2);
        assertThat(cache.size()).isZero();
    }

    @Test
    void aCachedTokenIsRevalidatedAfterMaxAgeAndRefusedOnceItExpires() {
        ValidatedTokenCache cache = cache(Duration.ofMinutes(3));
        cache.decode("good-a");

        advance(Duration.ofMinutes(4));
        cache.decode("good-a");
        assertThat(decodes).as("older than max-age: checked again").hasValue(2);

        advance(Duration.ofMinutes(7)); // past the token's exp, still within the second entry's max-age
        assertThatThrownBy(() -> cache.decode("good-a"))
                .isInstanceOf(BadJwtException.class)
                .hasMessage("expired");
    }
}
