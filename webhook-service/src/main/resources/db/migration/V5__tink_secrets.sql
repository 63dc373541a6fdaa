-- Subscription secrets are encrypted with a Tink AEAD keyset (crm.webhook.keyset), the subscription id as
-- associated data. Rows written before were AES-GCM with a key hashed from crm.webhook.secret-key: they are read
-- with that key while it is configured, and re-encrypted with the keyset when the service starts.
alter table webhook_subscription add column secret_cipher varchar(16) not null default 'legacy-aes-gcm'
    check (secret_cipher in ('legacy-aes-gcm', 'tink'));
alter table webhook_subscription alter column secret_cipher set default 'tink';
