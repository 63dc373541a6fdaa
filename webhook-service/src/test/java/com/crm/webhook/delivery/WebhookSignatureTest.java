package com.crm.webhook.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    private static final String SECRET = "whsec_test-secret";
    private static final String BODY =
            "{\"id\":\"e1\",\"type\":\"crm.customer.registered\",\"data\":{\"name\":\"王小明\"}}";
    private static final Instant NOW = Instant.parse("2026-11-25T08:00:00Z");
    private static final Duration TOLERANCE = Duration.ofMinutes(5);

    @Test
    void signsTheTimestampAndTheBodyWithHmacSha256InHex() {
        // computed independently (Python: hmac.new(b"key", b"1764057600.The quick ...", hashlib.sha256))
        assertThat(WebhookSignature.sign("key", 1764057600L, "The quick brown fox jumps over the lazy dog"))
                .isEqualTo("v1=de406fde2c2986599b9a5119e61db3361c3330bd9263ecf5ee0dbf3c08626b2b");
        String signature = WebhookSignature.sign(SECRET, NOW.getEpochSecond(), BODY);
        assertThat(signature).startsWith("v1=").matches("v1=[0-9a-f]{64}");
        assertThat(WebhookSignature.verify(
                        SECRET, Long.toString(NOW.getEpochSecond()), signature, BODY, TOLERANCE, NOW))
                .isTrue();
    }

    @Test
    void aTamperedBodyFailsVerification() {
        String signature = WebhookSignature.sign(SECRET, NOW.getEpochSecond(), BODY);
        String tampered = BODY.replace("王小明", "王小红");

        assertThat(WebhookSignature.verify(
                        SECRET, Long.toString(NOW.getEpochSecond()), signature, tampered, TOLERANCE, NOW))
                .isFalse();
    }

    @Test
    void aMovedTimestampAWrongSecretOrAReplayOutsideTheToleranceFail() {
        long ts = NOW.getEpochSecond();
        String signature = WebhookSignature.sign(SECRET, ts, BODY);

        assertThat(WebhookSignature.verify(SECRET, Long.toString(ts + 1), signature, BODY, TOLERANCE, NOW))
                .isFalse();
        assertThat(WebhookSignature.verify("whsec_other", Long.toString(ts), signature, BODY, TOLERANCE, NOW))
                .isFalse();
        assertThat(WebhookSignature.verify(
                        SECRET, Long.toString(ts), signature, BODY, TOLERANCE, NOW.plus(Duration.ofMinutes(6))))
                .isFalse();
        assertThat(WebhookSignature.verify(SECRET, "yesterday", signature, BODY, TOLERANCE, NOW))
                .isFalse();
        assertThat(WebhookSignature.verify(SECRET, Long.toString(ts), null, BODY, TOLERANCE, NOW))
                .isFalse();
    }

    @Test
    void acceptsAnyOfSeveralSignaturesInTheHeader() {
        long ts = NOW.getEpochSecond();
        String header = WebhookSignature.sign("whsec_old", ts, BODY) + " " + WebhookSignature.sign(SECRET, ts, BODY);

        assertThat(WebhookSignature.verify(SECRET, Long.toString(ts), header, BODY, TOLERANCE, NOW))
                .isTrue();
    }
}
