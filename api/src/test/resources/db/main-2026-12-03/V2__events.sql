-- The domain event log: append-only, the transactional outbox every feature writes to.
-- seq is a per-database monotonically increasing number (the SSE id).
-- txid is the writing transaction: readers that must not miss events (the live stream, the
-- fan-out) read in (txid, seq) order and only below the oldest running transaction, so an event
-- whose transaction commits late can never fall behind a cursor.
CREATE TABLE events (
    project_id   text NOT NULL REFERENCES projects (id),
    seq          bigint GENERATED ALWAYS AS IDENTITY,
    id           text NOT NULL,
    tenant_id    text NOT NULL,
    type         text NOT NULL,
    source       text NOT NULL,
    resource_id  text NOT NULL,
    occurred_at  timestamptz NOT NULL,
    action       text NOT NULL,
    data         json NOT NULL,   -- json, not jsonb: kept exactly as written (key order too)
    changes      json,
    txid         xid8 NOT NULL DEFAULT pg_current_xact_id(),
    PRIMARY KEY (project_id, seq)
);
CREATE UNIQUE INDEX events_id_idx ON events (project_id, id);
CREATE UNIQUE INDEX events_seq_idx ON events (seq);
CREATE INDEX events_position_idx ON events (project_id, txid, seq);
CREATE INDEX events_type_idx ON events (project_id, type, seq);
CREATE INDEX events_resource_idx ON events (project_id, resource_id, seq);

-- Idempotency keys of create requests: the same key and body return the first result.
CREATE TABLE idempotency_keys (
    project_id    text NOT NULL REFERENCES projects (id),
    key           text NOT NULL,
    request_hash  bytea NOT NULL,
    resource_id   text NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (project_id, key)
);
CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);

-- Every committed event wakes the readers of its project on every Herald instance.
-- NOTIFY is transactional: nothing is sent for a rolled-back write, and one signal per project
-- per transaction however many events it wrote.
CREATE FUNCTION herald_signal_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('herald_events', NEW.project_id);
    RETURN NULL;
END
$$;
CREATE TRIGGER events_signal AFTER INSERT ON events
    FOR EACH ROW EXECUTE FUNCTION herald_signal_event();
