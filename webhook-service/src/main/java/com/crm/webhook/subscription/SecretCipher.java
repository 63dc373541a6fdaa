package com.crm.webhook.subscription;

import com.crm.webhook.WebhookProperties;
import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Keeps subscription secrets encrypted at rest. Signing needs the plain secret (HMAC is symmetric), so it cannot be
 * hashed like a password; it is sealed with Google Tink's AEAD (AES256-GCM keyset from {@code crm.webhook.keyset},
 * env {@code CRM_WEBHOOK_KEYSET}) with the subscription id as associated data, so a ciphertext copied onto another
 * subscription's row does not decrypt. A keyset may hold several keys: the primary one encrypts, all of them
 * decrypt (rotation). Without a configured keyset the service uses the development keyset it ships, and says so.
 * <p>
 * Secrets stored before (AES-GCM with a key hashed from {@code crm.webhook.secret-key}) are still read while that
 * key is configured, and re-encrypted with the keyset at startup ({@link SecretReencryption}).
 */
@Component
public class SecretCipher {

    static final String DEVELOPMENT_KEYSET = "webhook-dev-keyset.json";
    private static final Logger log = LoggerFactory.getLogger(SecretCipher.class);

    private final Aead aead;
    private final SecretKeySpec legacyKey;

    @Autowired
    public SecretCipher(WebhookProperties properties) {
        this(keyset(requireKeyset(properties)), properties.secretKey());
    }

    SecretCipher(KeysetHandle keyset, String legacySecretKey) {
        try {
            AeadConfig.register();
            this.aead = keyset.getPrimitive(RegistryConfiguration.get(), Aead.class);
            this.legacyKey = legacySecretKey == null || legacySecretKey.isBlank()
                    ? null
                    : new SecretKeySpec(
                            MessageDigest.getInstance("SHA-256")
                                    .digest(legacySecretKey.getBytes(StandardCharsets.UTF_8)),
                            "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("crm.webhook.keyset is not a usable AEAD keyset", e);
        }
    }

    private static String requireKeyset(WebhookProperties properties) {
        if ((properties.keyset() == null || properties.keyset().isBlank()) && !properties.developmentKeyset()) {
            throw new IllegalStateException("crm.webhook.keyset (CRM_WEBHOOK_KEYSET) is not set. Give the service a "
                    + "Tink AEAD keyset of its own (webhook-service/README.md, 'Secrets at rest'), or, on a local "
                    + "stack only, allow the public development keyset with crm.webhook.development-keyset=true "
                    + "(CRM_WEBHOOK_DEVELOPMENT_KEYSET).");
        }
        return properties.keyset();
    }

    /** Parses a keyset in Tink's JSON format; null or blank: the development keyset, with a warning. */
    static KeysetHandle keyset(String json) {
        try {
            AeadConfig.register();
            if (json != null && !json.isBlank()) {
                return TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get());
            }
            log.warn("crm.webhook.keyset (CRM_WEBHOOK_KEYSET) is not set: webhook secrets are encrypted with the "
                    + "DEVELOPMENT keyset shipped in the service, which is public. Set a keyset of your own outside "
                    + "development (webhook-service/README.md, 'Secrets at rest').");
            try (InputStream in = SecretCipher.class.getClassLoader().getResourceAsStream(DEVELOPMENT_KEYSET)) {
                return TinkJsonProtoKeysetFormat.parseKeyset(
                        new String(in.readAllBytes(), StandardCharsets.UTF_8), InsecureSecretKeyAccess.get());
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "crm.webhook.keyset (CRM_WEBHOOK_KEYSET) is not a Tink keyset in JSON: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Seals the secret for the subscription (its id is the associated data). */
    public byte[] encrypt(String secret, UUID subscription) {
        try {
            return aead.encrypt(secret.getBytes(StandardCharsets.UTF_8), associatedData(subscription));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt a webhook secret", e);
        }
    }

    /**
     * Opens a stored secret of the subscription.
     *
     * @param legacy true for a secret stored before the keyset (AES-GCM with {@code crm.webhook.secret-key})
     */
    public String decrypt(byte[] stored, UUID subscription, boolean legacy) {
        if (legacy) {
            return decryptLegacy(stored);
        }
        try {
            return new String(aead.decrypt(stored, associatedData(subscription)), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "cannot decrypt the secret of webhook subscription " + subscription
                            + ": is the key that encrypted it still in crm.webhook.keyset?",
                    e);
        }
    }

    /** Whether secrets stored before the keyset can be read (crm.webhook.secret-key is set). */
    public boolean readsLegacySecrets() {
        return legacyKey != null;
    }

    /** The first cipher's format: {@code IV (12 bytes) || AES-GCM ciphertext with tag}, key = SHA-256 of the key. */
    private String decryptLegacy(byte[] stored) {
        if (legacyKey == null) {
            throw new IllegalStateException("a webhook secret is still encrypted with crm.webhook.secret-key "
                    + "(CRM_WEBHOOK_SECRET_KEY), which is not set: set it once, so it is re-encrypted with the keyset");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, legacyKey, new GCMParameterSpec(128, stored, 0, 12));
            return new String(cipher.doFinal(stored, 12, stored.length - 12), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "cannot decrypt a webhook secret with crm.webhook.secret-key: was it changed?", e);
        }
    }

    private static byte[] associatedData(UUID subscription) {
        return ("webhook-subscription:" + subscription).getBytes(StandardCharsets.UTF_8);
    }
}
