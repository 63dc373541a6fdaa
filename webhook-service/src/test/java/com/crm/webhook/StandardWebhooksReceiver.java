package com.crm.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What a receiver does with a delivery, written from the Standard Webhooks specification alone (not with the
 * service's own signing code): the key is the base64 after {@code whsec_}; the signed content is
 * {@code <webhook-id>.<webhook-timestamp>.<raw body>}; {@code webhook-signature} holds space-separated
 * {@code <version>,<base64 signature>} pairs, of which a {@code v1} one must match in constant time; the timestamp
 * must lie within five minutes of now.
 */
public final class StandardWebhooksReceiver {

    private StandardWebhooksReceiver() {}

    public static boolean verifies(String secret, TestReceiver.Request request) {
        return verifies(
                secret,
                request.header("webhook-id"),
                request.header("webhook-timestamp"),
                request.header("webhook-signature"),
                request.body());
    }

    public static boolean verifies(String secret, String id, String timestamp, String signatures, String body) {
        if (id == null || timestamp == null || signatures == null) {
            return false;
        }
        if (Math.abs(Instant.now().getEpochSecond() - Long.parseLong(timestamp)) > 300) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
            byte[] expected = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            for (String versioned : signatures.split(" ")) {
                String[] parts = versioned.split(",", 2);
                if (parts.length == 2
                        && parts[0].equals("v1")
                        && MessageDigest.isEqual(expected, Base64.getDecoder().decode(parts[1]))) {
                    return true;
                }
            }
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
