package com.crm.webhook.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SecretCipherTest {

    @Test
    void encryptsSoTheSecretIsNotInTheStoredBytesAndDecryptsBack() {
        SecretCipher cipher = new SecretCipher("a-key-from-the-environment");
        byte[] sealed = cipher.encrypt("whsec_abcdef0123456789");

        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("whsec_abcdef0123456789");
        assertThat(cipher.encrypt("whsec_abcdef0123456789")).isNotEqualTo(sealed);
        assertThat(cipher.decrypt(sealed)).isEqualTo("whsec_abcdef0123456789");
    }

    @Test
    void anotherKeyCannotDecryptAndAMissingKeyStopsTheStart() {
        byte[] sealed = new SecretCipher("a-key-from-the-environment").encrypt("whsec_x");

        assertThatIllegalStateException().isThrownBy(() -> new SecretCipher("another-key-entirely").decrypt(sealed));
        assertThatIllegalStateException()
                .isThrownBy(() -> new SecretCipher(""))
                .withMessageContaining("CRM_WEBHOOK_SECRET_KEY");
    }
}
