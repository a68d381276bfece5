-- An idempotency key's holder: only the request that took the key answers it or gives it back
-- (a request that outlived its hold must not touch the key its retry took over). The kept
-- response body is sealed like webhook secrets (it can carry one).
ALTER TABLE idempotent_requests ADD COLUMN holder text;

-- Which key this database's secrets are sealed under, written by the first start: a Herald with
-- another key refuses to start even while no webhook exists yet.
CREATE TABLE secrets_key_check (
    id       integer PRIMARY KEY CHECK (id = 1),
    sealed   text NOT NULL           -- a known value sealed under that key (its id is in the value)
);
