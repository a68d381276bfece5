-- Idempotency keys of the API's other POST requests (POST /v1/events keeps idempotency_keys, written
-- in the event's own transaction). A key is held while its first request runs (locked_until) and
-- then keeps that request's successful response, replayed to a retry with the same key and request.
CREATE TABLE idempotent_requests (
    project_id    text NOT NULL REFERENCES projects (id),
    key           text NOT NULL,
    request_hash  bytea NOT NULL,          -- SHA-256 of method, path, query and body
    locked_until  timestamptz,             -- while the first request runs; null once answered
    status        integer,                 -- the response, once answered
    content_type  text,
    location      text,
    body          bytea,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (project_id, key)
);
CREATE INDEX idempotent_requests_created_idx ON idempotent_requests (created_at);
