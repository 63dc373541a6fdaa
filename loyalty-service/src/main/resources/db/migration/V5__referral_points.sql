-- Points for bringing in a customer: a REFERRED_BY link (crm.customer.linked) credits the referrer, if a member.
alter table loyalty_program
    add column referral_points integer not null default 50 check (referral_points between 0 and 1000000);

-- Referrals rewarded: once per customer brought in, whoever the link names later (an unlink and a new link to someone
-- else earns nothing more).
create table referral_award (
    referred_customer_id uuid primary key,
    referrer_customer_id uuid        not null,
    member_id            uuid        not null,
    points               bigint      not null,
    awarded_at           timestamptz not null
);
