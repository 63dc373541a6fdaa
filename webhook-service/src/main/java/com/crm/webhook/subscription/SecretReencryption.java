package com.crm.webhook.subscription;

import com.crm.webhook.subscription.SubscriptionRepository.LegacySecret;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The data migration to the Tink keyset, run when the service starts: every secret still encrypted with the first
 * cipher ({@code crm.webhook.secret-key}) is decrypted with it and encrypted with the keyset, 100 subscriptions per
 * transaction ({@code FOR UPDATE SKIP LOCKED}: replicas starting together share the work). Until then, and if the
 * old key is missing, such secrets are read with the old key ({@link SecretCipher}) or not at all (an error says
 * which key is missing).
 */
@Component
class SecretReencryption {

    private static final Logger log = LoggerFactory.getLogger(SecretReencryption.class);
    private static final int BATCH = 100;

    private final SubscriptionRepository repository;
    private final SecretCipher cipher;
    private final TransactionTemplate transactions;

    SecretReencryption(SubscriptionRepository repository, SecretCipher cipher, TransactionTemplate transactions) {
        this.repository = repository;
        this.cipher = cipher;
        this.transactions = transactions;
    }

    @EventListener(ApplicationReadyEvent.class)
    void onStart() {
        try {
            run();
        } catch (RuntimeException e) {
            log.error("Webhook secrets could not be re-encrypted with crm.webhook.keyset: {}", e.getMessage());
        }
    }

    /** @return how many secrets were re-encrypted */
    int run() {
        if (!cipher.readsLegacySecrets()) {
            long left = repository.countLegacySecrets();
            if (left > 0) {
                log.error(
                        "{} webhook subscriptions' secrets are still encrypted with crm.webhook.secret-key "
                                + "(CRM_WEBHOOK_SECRET_KEY), which is not set: their deliveries fail until it is set "
                                + "once (they are then re-encrypted with crm.webhook.keyset) or they get a new secret",
                        left);
            }
            return 0;
        }
        int total = 0;
        int done;
        do {
            Integer batch = transactions.execute(status -> {
                List<LegacySecret> legacy = repository.lockLegacySecrets(BATCH);
                for (LegacySecret secret : legacy) {
                    String plain = cipher.decrypt(secret.ciphertext(), secret.id(), true);
                    repository.replaceSecretCiphertext(secret.id(), cipher.encrypt(plain, secret.id()));
                }
                return legacy.size();
            });
            done = batch == null ? 0 : batch;
            total += done;
        } while (done == BATCH);
        if (total > 0) {
            log.info("Re-encrypted {} webhook secrets with crm.webhook.keyset", total);
        }
        return total;
    }
}
