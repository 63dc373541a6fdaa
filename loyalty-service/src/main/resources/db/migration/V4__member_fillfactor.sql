-- Every accrual rewrites its member's balance. With the table's pages packed full, such an update seldom finds room
-- on its row's page: it writes the new row version on another page plus an entry in each of the table's four
-- indexes (13 % of the updates were HOT in AccrualBenchmark). With a fifth of each page kept free the new version
-- stays on the page and no index is touched (balance and debt are in no index). Pages written before this keep
-- their packing until they are rewritten (VACUUM FULL, CLUSTER); members enrolled from now on get the room.
alter table loyalty_member set (fillfactor = 80);
