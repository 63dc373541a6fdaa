-- Deliveries are signed per Standard Webhooks: the HMAC key is the base64 after a secret's "whsec_" prefix.
-- Secrets stored before were any printable string whose UTF-8 bytes were the key; they keep that key (raw_secret)
-- until the subscription gets a new secret.
alter table webhook_subscription add column raw_secret boolean not null default true;
alter table webhook_subscription alter column raw_secret set default false;
