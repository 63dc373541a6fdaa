package com.crm.webhook.signature;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    /** The example of the Standard Webhooks specification: secret, id, timestamp, body and signature. */
    private static final String SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private static final String SECRET = "whsec_dGhpcnR5LXR3by1ieXRlcy1vZi10ZXN0LXNlY3JldC1rZXk=";
    private static final byte[] KEY = WebhookSignature.keyOf(SECRET);
    private static final String ID = "0193a1b2-0000-7000-8000-000000000001";
    private static final String BODY =
            "{\"id\":\"e1\",\"type\":\"crm.customer.registered\",\"data\":{\"name\":\"王小明\"}}";
    private static final Instant NOW = Instant.parse("2026-11-25T08:00:00Z");
    private static final Duration TOLERANCE = Duration.ofMinutes(5);

    @Test
    void signsIdTimestampAndBodyAsTheStandardWebhooksExampleDoes() {
        // the specification's example (also computed independently: Python hmac + base64)
        assertThat(WebhookSignature.sign(
                        WebhookSignature.keyOf(SPEC_SECRET),
                        "msg_p5jXN8AQM9LWM0D4loKWxJek",
                        1614265330L,
                        "{\"test\": 2432232314}"))
                .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
        assertThat(KEY).isEqualTo("thirty-two-bytes-of-test-secret-key".getBytes(StandardCharsets.US_ASCII));
        String signature = WebhookSignature.sign(KEY, ID, NOW.getEpochSecond(), BODY);
        assertThat(signature).matches("v1,[A-Za-z0-9+/]{43}=");
        assertThat(WebhookSignature.verify(
                        KEY, ID, Long.toString(NOW.getEpochSecond()), signature, BODY, TOLERANCE, NOW))
                .isTrue();
    }

    @Test
    void aTamperedBodyOrAnotherIdFailsVerification() {
        String signature = WebhookSignature.sign(KEY, ID, NOW.getEpochSecond(), BODY);
        String ts = Long.toString(NOW.getEpochSecond());

        assertThat(WebhookSignature.verify(KEY, ID, ts, signature, BODY.replace("王", "黄"), TOLERANCE, NOW))
                .isFalse();
        // a captured delivery cannot be passed off under a new id (which a receiver would not see as a duplicate)
        assertThat(WebhookSignature.verify(
                        KEY, "0193a1b2-0000-7000-8000-000000000002", ts, signature, BODY, TOLERANCE, NOW))
                .isFalse();
    }

    @Test
    void aReplayedTimestampAWrongSecretOrAMissingHeaderFails() {
        long ts = NOW.getEpochSecond();
        String signature = WebhookSignature.sign(KEY, ID, ts, BODY);

        assertThat(WebhookSignature.verify(KEY, ID, Long.toString(ts + 1), signature, BODY, TOLERANCE, NOW))
                .isFalse();
        assertThat(WebhookSignature.verify(
                        WebhookSignature.keyOf(SPEC_SECRET), ID, Long.toString(ts), signature, BODY, TOLERANCE, NOW))
                .isFalse();
        assertThat(WebhookSignature.verify(
                        KEY, ID, Long.toString(ts), signature, BODY, TOLERANCE, NOW.plus(Duration.ofMinutes(6))))
                .isFalse();
        assertThat(WebhookSignature.verify(KEY, ID, "yesterday", signature, BODY, TOLERANCE, NOW))
                .isFalse();
        assertThat(WebhookSignature.verify(KEY, ID, Long.toString(ts), null, BODY, TOLERANCE, NOW))
                .isFalse();
    }

    @Test
    void oneOfSeveralSignaturesSufficesAsDuringARotation() {
        long ts = NOW.getEpochSecond();
        String header = WebhookSignature.sign(WebhookSignature.keyOf(SPEC_SECRET), ID, ts, BODY) + " "
                + WebhookSignature.sign(KEY, ID, ts, BODY);

        assertThat(WebhookSignature.verify(KEY, ID, Long.toString(ts), header, BODY, TOLERANCE, NOW))
                .isTrue();
    }

    @Test
    void onlyWhsecBase64SecretsHaveAKey() {
        assertThat(WebhookSignature.keyOf("whsec_not base64!")).isNull();
        assertThat(WebhookSignature.keyOf("integration-test-secret-1")).isNull();
        assertThat(WebhookSignature.keyOf(SPEC_SECRET)).hasSize(24);
    }
}
