package com.crm.webhook.signature;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How a delivery is signed, per Standard Webhooks (https://www.standardwebhooks.com/):
 * {@code webhook-signature: v1,<base64 of HMAC-SHA256(key, "<webhook-id>.<webhook-timestamp>.<body>")>}, the key
 * being the base64 after the {@code whsec_} prefix of the subscription's secret, the id the delivery's (the same
 * on every retry, so a receiver drops duplicates by it and a captured request cannot pass under another id), the
 * timestamp in epoch seconds. A receiver recomputes it over the raw body, compares in constant time and refuses
 * timestamps outside its tolerance (replays).
 */
public final class WebhookSignature {

    public static final String ID_HEADER = "webhook-id";
    public static final String TIMESTAMP_HEADER = "webhook-timestamp";
    public static final String SIGNATURE_HEADER = "webhook-signature";
    public static final String VERSION = "v1";
    public static final String SECRET_PREFIX = "whsec_";
    /** The key sizes Standard Webhooks recommends, in bytes. */
    public static final int MIN_KEY_BYTES = 24;

    public static final int MAX_KEY_BYTES = 64;

    private WebhookSignature() {}

    /**
     * The HMAC key of a {@code whsec_<base64>} secret (the decoded bytes after the prefix); null when the secret is
     * not of that form.
     */
    public static byte[] keyOf(String secret) {
        if (secret == null || !secret.startsWith(SECRET_PREFIX)) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The {@code webhook-signature} header value: {@code v1,<base64>}. */
    public static String sign(byte[] key, String id, long timestamp, String body) {
        return VERSION + "," + Base64.getEncoder().encodeToString(hmac(key, id + "." + timestamp + "." + body));
    }

    /**
     * True when {@code signatureHeader} holds a v1 signature of this id, timestamp and body (a header may carry
     * several, space-separated, e.g. during a secret rotation) and the timestamp lies within {@code tolerance} of
     * now.
     */
    public static boolean verify(
            byte[] key,
            String id,
            String timestampHeader,
            String signatureHeader,
            String body,
            Duration tolerance,
            Instant now) {
        if (key == null || id == null || timestampHeader == null || signatureHeader == null || body == null) {
            return false;
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(timestampHeader.trim());
        } catch (NumberFormatException e) {
            return false;
        }
        if (Math.abs(now.getEpochSecond() - timestamp) > tolerance.toSeconds()) {
            return false;
        }
        byte[] expected = sign(key, id, timestamp, body).getBytes(StandardCharsets.US_ASCII);
        boolean valid = false;
        for (String candidate : signatureHeader.trim().split("\\s+")) {
            valid |= MessageDigest.isEqual(expected, candidate.getBytes(StandardCharsets.US_ASCII));
        }
        return valid;
    }

    private static byte[] hmac(byte[] key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
