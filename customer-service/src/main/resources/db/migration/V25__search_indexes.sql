-- Customer search at 1,000,000 customers (bench/README.md, "Search").

-- Free text in CJK: pg_trgm finds no trigram in a two-character query such as 小明 (and, under a cluster whose
-- lc_ctype is plain C, none in any CJK text), so the trigram index could only be scanned whole. This gives every
-- customer's search text its characters and pairs of adjacent characters outside ASCII, lower-cased as ILIKE
-- compares: a text holding a query holds every gram of the query, so containment narrows by index whatever the
-- locale, and for a query of one or two such characters it is the match itself.
create function customer_search_grams(search_text text) returns text[] language sql immutable strict parallel safe as $$
    select coalesce(array_agg(distinct gram), '{}')
    from (select substr(run, i, n) as gram
          from regexp_matches(lower(search_text), '[^\x01-\x7f]+', 'g') as m(found),
               lateral (select found[1] as run) r,
               generate_series(1, char_length(run)) as i,
               (values (1), (2)) as k(n)
          where i + n - 1 <= char_length(run)) grams
$$;

create index customer_search_grams_idx on customer using gin (customer_search_grams(
    customer_search_text(display_name, given_name, family_name, company, email_keys, phone_keys)))
    where deleted_at is null;

-- Whether a customer is live, read from an index alone: a search that starts from the value scores checks each
-- candidate here instead of fetching its row.
create unique index customer_live_id_idx on customer (id) where deleted_at is null;

-- Sorting by CLV descending puts the unscored last (nulls last), which a backward scan of (clv, customer_id) cannot
-- give: this index is walked in the page's order, so a page stops after its first rows.
create index projected_value_clv_desc_idx on projected_value (clv desc nulls last, customer_id);

-- churnRisk is projected as a decimal string; the index holds exactly the expression the search filters and sorts by
-- (SearchProperties.CHURN_RISK_SQL), so a churn-risk range is an index range.
create index projected_value_churn_idx on projected_value (
    (case when churn_risk ~ '^-?[0-9]+([.][0-9]+)?$' then cast(churn_risk as numeric) end), customer_id);
