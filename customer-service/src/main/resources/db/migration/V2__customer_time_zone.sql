-- the customer's own time zone (IANA id): contact quiet hours are judged in it
alter table customer add column time_zone varchar(64);
