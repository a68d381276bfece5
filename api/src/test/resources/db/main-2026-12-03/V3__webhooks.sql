-- Webhook subscriptions. The signing secret must be shown again on request (GET …/secret), so
-- it is stored as issued; encrypting it at rest is a later step (see the README).
CREATE TABLE webhooks (
    project_id       text NOT NULL REFERENCES projects (id),
    id               text NOT NULL,
    url              text NOT NULL,
    description      text NOT NULL DEFAULT '',
    event_types      text[] NOT NULL,
    enabled          boolean NOT NULL DEFAULT true,
    headers          json NOT NULL DEFAULT '{}',
    metadata         json NOT NULL DEFAULT '{}',
    secret           text NOT NULL,
    -- events of transactions at or after this id reach the webhook; earlier ones do not
    starts_at_txid   xid8 NOT NULL DEFAULT pg_snapshot_xmin(pg_current_snapshot()),
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (project_id, id)
);
CREATE INDEX webhooks_enabled_idx ON webhooks (project_id) WHERE enabled;

-- The fan-out's place in the event log: one row, locked by whichever instance fans out.
CREATE TABLE fanout_cursor (
    name  text PRIMARY KEY,
    txid  xid8 NOT NULL,
    seq   bigint NOT NULL
);
INSERT INTO fanout_cursor (name, txid, seq)
    VALUES ('webhooks', pg_snapshot_xmin(pg_current_snapshot()), 0);
CREATE INDEX events_log_order_idx ON events (txid, seq);

-- One delivery per (webhook, event); its state machine and retry schedule live here, never only
-- in memory. lease_until marks a claim by a dispatcher: past it, another may claim again.
CREATE TABLE deliveries (
    project_id       text NOT NULL,
    id               text NOT NULL,
    webhook_id       text NOT NULL,
    event_id         text NOT NULL,
    event_type       text NOT NULL,
    event_seq        bigint NOT NULL,
    status           text NOT NULL,
    attempts         integer NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz,
    lease_until      timestamptz,
    last_status      integer,
    last_error       text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (project_id, id),
    UNIQUE (project_id, webhook_id, event_id),
    FOREIGN KEY (project_id, webhook_id) REFERENCES webhooks (project_id, id) ON DELETE CASCADE
);
CREATE INDEX deliveries_due_idx ON deliveries (next_attempt_at)
    WHERE status IN ('pending', 'retrying');
CREATE INDEX deliveries_webhook_idx ON deliveries (project_id, webhook_id, created_at, id);
CREATE INDEX deliveries_project_idx ON deliveries (project_id, created_at, id);

CREATE TABLE delivery_attempts (
    project_id        text NOT NULL,
    id                text NOT NULL,
    delivery_id       text NOT NULL,
    attempt           integer NOT NULL,
    started_at        timestamptz NOT NULL,
    duration_ms       integer NOT NULL,
    response_status   integer,
    response_headers  json,
    response_body     text,
    error             text,
    PRIMARY KEY (project_id, id),
    FOREIGN KEY (project_id, delivery_id) REFERENCES deliveries (project_id, id) ON DELETE CASCADE
);
CREATE INDEX delivery_attempts_delivery_idx ON delivery_attempts (project_id, delivery_id, attempt);

-- New deliveries wake the dispatchers on every instance.
CREATE FUNCTION herald_signal_delivery() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('herald_deliveries', '');
    RETURN NULL;
END
$$;
CREATE TRIGGER deliveries_signal AFTER INSERT ON deliveries
    FOR EACH STATEMENT EXECUTE FUNCTION herald_signal_delivery();
