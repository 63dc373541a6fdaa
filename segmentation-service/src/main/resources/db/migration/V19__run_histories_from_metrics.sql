-- What a full run needs of a buyer, kept by the purchase consumers with the other metrics, so that a run as of today
-- reads one row per customer instead of grouping the whole ledger (10 M purchases at a million customers):
-- purchase_day_spend: the amounts of the days with a purchase (a refund on such a day included, one on a day without a
-- purchase not), as the run's monetary value counts them; ledger_last_day: the latest day of any ledger row, so a run
-- as of an earlier day can tell that the metrics hold more than it may see (it then groups the ledger as before).
alter table customer_metrics add column purchase_day_spend numeric(19, 4) not null default 0;
alter table customer_metrics add column ledger_last_day date;

with days as (
    select customer_id, day, sum(amount) as amount
    from purchase where not anonymous
    group by customer_id, day having bool_or(kind = 'PURCHASE')),
spent as (
    select customer_id, sum(amount) as spend from days group by customer_id),
latest as (
    select customer_id, max(day) as last_day from purchase where not anonymous group by customer_id)
update customer_metrics m
set purchase_day_spend = coalesce(s.spend, 0), ledger_last_day = l.last_day
from latest l left join spent s using (customer_id)
where m.customer_id = l.customer_id;

-- Erased customers' purchases (re-keyed to a random id) still count in a run's fits, read from the ledger: few rows.
create index purchase_anonymous_idx on purchase (customer_id, day) where anonymous;
