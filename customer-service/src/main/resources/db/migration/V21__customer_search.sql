-- Customer search (POST /api/customers/search).
-- The free text is looked for, as a case-insensitive substring, in one text of the names, the company, the e-mail keys
-- and the phone keys' digits: one trigram index (pg_trgm, created in V1) covers it, for Latin and CJK text alike.
-- Immutable because it only concatenates its arguments; the search uses the very same call, so the index applies.
create function customer_search_text(
    display_name text, given_name text, family_name text, company text, email_keys text[], phone_keys text[])
    returns text language sql immutable parallel safe as $$
    select coalesce(display_name, '') || ' ' || coalesce(given_name, '') || ' ' || coalesce(family_name, '') || ' '
        || coalesce(company, '') || ' ' || array_to_string(email_keys, ' ') || ' '
        || replace(array_to_string(phone_keys, ' '), '+', '')
$$;

create index customer_search_text_trgm_idx on customer
    using gin (customer_search_text(display_name, given_name, family_name, company, email_keys, phone_keys) gin_trgm_ops)
    where deleted_at is null;

-- sorts and filters by the value scores start from the projection (a left join to customer by its primary key)
create index projected_value_clv_idx on projected_value (clv, customer_id);
create index projected_value_tier_idx on projected_value (tier, customer_id);
create index projected_value_stage_idx on projected_value (lifecycle_stage, customer_id);
-- sorts by name, in the order a search pages
create index customer_display_name_idx on customer (display_name, id) where deleted_at is null;
