-- Who recorded an interaction, from the token (the agent themself, or the integrated system that named the agent).
alter table interaction
    add column recorded_by_kind text,
    add column recorded_by text;
