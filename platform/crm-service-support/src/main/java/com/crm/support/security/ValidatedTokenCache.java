package com.crm.support.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Remembers tokens that passed validation, so a client reusing its token (the normal case: one token for its whole
 * lifetime) costs one signature check and one parse per token, not one per request. Only an identical token string
 * hits; an entry never outlives the token's own {@code exp} nor {@code maxAge}; a hit is re-checked against
 * {@code exp}/{@code nbf} at use, so a cached token is never accepted when the decoder would refuse it for time.
 * Tokens that fail validation are not remembered. Revocation is not weakened: these are self-contained JWTs that
 * no component checks against the issuer after issue.
 */
public final class ValidatedTokenCache implements JwtDecoder {

    private final JwtDecoder delegate;
    private final Cache<String, Jwt> cache;
    private final Clock clock;

    public ValidatedTokenCache(JwtDecoder delegate, long maxSize, Duration maxAge) {
        this(delegate, maxSize, maxAge, Clock.systemUTC(), Ticker.systemTicker());
    }

    ValidatedTokenCache(JwtDecoder delegate, long maxSize, Duration maxAge, Clock clock, Ticker ticker) {
        this.delegate = delegate;
        this.clock = clock;
        this.cache = Caffeine.newBuilder()
                .maximumSize(maxSize)
                .ticker(ticker)
                .expireAfter(new Expiry<String, Jwt>() {
                    @Override
                    public long expireAfterCreate(String token, Jwt jwt, long currentTime) {
                        Duration life = maxAge;
                        if (jwt.getExpiresAt() != null) {
                            Duration untilExpiry = Duration.between(clock.instant(), jwt.getExpiresAt());
                            life = untilExpiry.compareTo(life) < 0 ? untilExpiry : life;
                        }
                        return Math.max(0, life.toNanos());
                    }

                    @Override
                    public long expireAfterUpdate(String token, Jwt jwt, long currentTime, long currentDuration) {
                        return currentDuration;
                    }

                    @Override
                    public long expireAfterRead(String token, Jwt jwt, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .build();
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Jwt cached = cache.getIfPresent(token);
        if (cached != null && currentlyValid(cached)) {
            return cached;
        }
        if (cached != null) {
            cache.invalidate(token);
        }
        Jwt jwt = delegate.decode(token);
        cache.put(token, jwt);
        return jwt;
    }

    private boolean currentlyValid(Jwt jwt) {
        Instant now = clock.instant();
        return (jwt.getExpiresAt() == null || now.isBefore(jwt.getExpiresAt()))
                && (jwt.getNotBefore() == null || !now.isBefore(jwt.getNotBefore()));
    }

    long size() {
        cache.cleanUp();
        return cache.estimatedSize();
    }
}
