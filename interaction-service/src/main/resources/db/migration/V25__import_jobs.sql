-- Bulk import jobs of interactions (the platform's com.crm.support.imports, as customer-service's V27): a file is
-- staged row by row, then applied in chunks whose progress commits with their writes, so a job resumes after a
-- restart exactly where it stopped.
create table import_job (
    id            uuid         primary key,
    object        varchar(16)  not null,
    format        varchar(8)   not null,
    mapping       jsonb,
    status        varchar(16)  not null,
    -- who created the job: the actor its rows are written as (visibility, assignment, events, audit)
    actor         jsonb        not null,
    content_hash  varchar(64),
    size_bytes    bigint,
    total_rows    integer,
    -- the last staged line applied; chunks continue after it
    position      integer      not null default 0,
    created       integer      not null default 0,
    updated       integer      not null default 0,
    unchanged     integer      not null default 0,
    rejected      integer      not null default 0,
    chunk_size    integer      not null,
    attempts      integer      not null default 0,
    lease_owner   varchar(64),
    lease_until   timestamptz,
    error         text,
    created_at    timestamptz  not null,
    uploaded_at   timestamptz,
    started_at    timestamptz,
    finished_at   timestamptz
);

-- the runner's queue: only jobs still to run are indexed
create index import_job_runnable_idx on import_job (uploaded_at) where status in ('QUEUED', 'RUNNING');

-- the uploaded rows, as batch items (JSON text, parsed when applied); dropped once the job ends
create table import_row (
    job_id    uuid    not null references import_job (id) on delete cascade,
    line_no   integer not null,
    document  text,
    -- a row that could not even be read as an item (wrong column count, invalid text)
    problem   text,
    primary key (job_id, line_no)
);

-- one result per row, written in the transaction that applied it
create table import_result (
    job_id       uuid        not null references import_job (id) on delete cascade,
    line_no      integer     not null,
    outcome      varchar(16) not null,
    record_id    uuid,
    source       varchar(50),
    external_id  varchar(100),
    problem      jsonb,
    primary key (job_id, line_no)
);

create index import_result_outcome_idx on import_result (job_id, outcome, line_no);
