package com.crm.webhook.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.crm.webhook.WebhookProperties;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class SecretCipherTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final UUID SUBSCRIPTION = UUID.randomUUID();

    @Test
    void withoutAKeysetTheServiceRefusesToStartUnlessTheDevelopmentKeysetIsAllowed() {
        assertThatThrownBy(() -> new SecretCipher(properties(false)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("CRM_WEBHOOK_KEYSET");
        SecretCipher development = new SecretCipher(properties(true));
        UUID subscription = UUID.randomUUID();
        assertThat(development.decrypt(development.encrypt("whsec_c2VjcmV0", subscription), subscription, false))
                .isEqualTo("whsec_c2VjcmV0");
    }

    private static WebhookProperties properties(boolean developmentKeyset) {
        return new WebhookProperties(
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                developmentKeyset);
    }

    @Test
    void sealsWithTheKeysetAndOpensOnlyForTheSameSubscription() throws Exception {
        SecretCipher cipher = new SecretCipher(newKeyset(), null);

        byte[] sealed = cipher.encrypt(SECRET, SUBSCRIPTION);

        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        assertThat(cipher.encrypt(SECRET, SUBSCRIPTION)).isNotEqualTo(sealed);
        assertThat(cipher.decrypt(sealed, SUBSCRIPTION, false)).isEqualTo(SECRET);
        // the subscription id is the associated data: copied onto another subscription's row it does not open
        assertThatThrownBy(() -> cipher.decrypt(sealed, UUID.randomUUID(), false))
                .isInstanceOf(IllegalStateException.class);
        sealed[sealed.length - 1] ^= 1;
        assertThatThrownBy(() -> cipher.decrypt(sealed, SUBSCRIPTION, false)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aRotatedKeysetStillOpensWhatTheOldPrimaryKeySealed() throws Exception {
        KeysetHandle old = newKeyset();
        byte[] sealedBefore = new SecretCipher(old, null).encrypt(SECRET, SUBSCRIPTION);
        KeysetHandle rotated = KeysetHandle.newBuilder(old)
                .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
                        .withRandomId()
                        .makePrimary())
                .build();
        SecretCipher cipher = new SecretCipher(rotated, null);

        byte[] sealedAfter = cipher.encrypt(SECRET, SUBSCRIPTION);

        assertThat(cipher.decrypt(sealedBefore, SUBSCRIPTION, false)).isEqualTo(SECRET);
        assertThat(cipher.decrypt(sealedAfter, SUBSCRIPTION, false)).isEqualTo(SECRET);
        assertThatThrownBy(() -> new SecretCipher(old, null).decrypt(sealedAfter, SUBSCRIPTION, false))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void readsAKeysetInTinksJsonFormatOrFallsBackToTheDevelopmentOne() throws Exception {
        KeysetHandle keyset = newKeyset();
        String json = TinkJsonProtoKeysetFormat.serializeKeyset(keyset, InsecureSecretKeyAccess.get());
        byte[] sealed = new SecretCipher(keyset, null).encrypt(SECRET, SUBSCRIPTION);

        assertThat(new SecretCipher(SecretCipher.keyset(json), null).decrypt(sealed, SUBSCRIPTION, false))
                .isEqualTo(SECRET);
        SecretCipher development = new SecretCipher(SecretCipher.keyset(" "), null);
        assertThat(development.decrypt(development.encrypt(SECRET, SUBSCRIPTION), SUBSCRIPTION, false))
                .isEqualTo(SECRET);
        assertThatThrownBy(() -> SecretCipher.keyset("{\"not\":\"a keyset\"}"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void readsSecretsOfTheFirstCipherWhileItsKeyIsConfigured() throws Exception {
        byte[] legacy = legacyEncrypt("an-old-secret-of-any-form", "the-first-secret-key-0123456789");

        assertThat(new SecretCipher(newKeyset(), "the-first-secret-key-0123456789").decrypt(legacy, SUBSCRIPTION, true))
                .isEqualTo("an-old-secret-of-any-form");
        assertThat(new SecretCipher(newKeyset(), "the-first-secret-key-0123456789").readsLegacySecrets())
                .isTrue();
        assertThatThrownBy(() -> new SecretCipher(newKeyset(), null).decrypt(legacy, SUBSCRIPTION, true))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("crm.webhook.secret-key");
        assertThatThrownBy(() ->
                        new SecretCipher(newKeyset(), "another-key-of-sixteen").decrypt(legacy, SUBSCRIPTION, true))
                .isInstanceOf(IllegalStateException.class);
    }

    static KeysetHandle newKeyset() throws Exception {
        SecretCipher.keyset(" "); // registers Tink's AEAD key types
        return KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
    }

    /** The first cipher, as it wrote: IV (12 bytes) || AES-256-GCM with the SHA-256 of the key string. */
    static byte[] legacyEncrypt(String secret, String key) throws Exception {
        byte[] iv = new byte[12];
        new SecureRandom().nextBytes(iv);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(
                Cipher.ENCRYPT_MODE,
                new SecretKeySpec(
                        MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)), "AES"),
                new GCMParameterSpec(128, iv));
        byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
        return ByteBuffer.allocate(iv.length + sealed.length)
                .put(iv)
                .put(sealed)
                .array();
    }
}
