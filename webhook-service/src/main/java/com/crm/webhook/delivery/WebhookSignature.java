package com.crm.webhook.delivery;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How a delivery is signed, and how a receiver checks it:
 * {@code Webhook-Signature: v1=<lowercase hex of HMAC-SHA256(secret, "<Webhook-Timestamp>.<body>")>}, the secret
 * and the body taken as UTF-8 bytes, the timestamp in epoch seconds. A receiver recomputes it over the raw body,
 * compares in constant time and refuses timestamps outside its tolerance (replays); {@code Webhook-Id} (the same
 * on every retry of one delivery) lets it drop duplicates.
 */
public final class WebhookSignature {

    public static final String ID_HEADER = "Webhook-Id";
    public static final String TIMESTAMP_HEADER = "Webhook-Timestamp";
    public static final String SIGNATURE_HEADER = "Webhook-Signature";
    public static final String VERSION = "v1=";

    private WebhookSignature() {}

    /** The {@code Webhook-Signature} header value. */
    public static String sign(String secret, long timestamp, String body) {
        return VERSION + HexFormat.of().formatHex(hmac(secret, timestamp + "." + body));
    }

    /**
     * True when {@code signatureHeader} holds a v1 signature of this timestamp and body (a header may carry several,
     * space-separated, e.g. during a secret rotation) and the timestamp lies within {@code tolerance} of now.
     */
    public static boolean verify(
            String secret,
            String timestampHeader,
            String signatureHeader,
            String body,
            Duration tolerance,
            Instant now) {
        if (secret == null || timestampHeader == null || signatureHeader == null || body == null) {
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
        byte[] expected = sign(secret, timestamp, body).getBytes(StandardCharsets.US_ASCII);
        boolean valid = false;
        for (String candidate : signatureHeader.trim().split("\\s+")) {
            valid |= MessageDigest.isEqual(expected, candidate.getBytes(StandardCharsets.US_ASCII));
        }
        return valid;
    }

    private static byte[] hmac(String secret, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
