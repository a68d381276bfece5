-- Tenants own projects; every other resource belongs to exactly one project.
CREATE TABLE tenants (
    id         text PRIMARY KEY,
    name       text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE projects (
    id         text PRIMARY KEY,
    tenant_id  text NOT NULL REFERENCES tenants (id),
    name       text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX projects_tenant_idx ON projects (tenant_id);

-- API keys are looked up by the SHA-256 of the presented secret, before the project is known,
-- so the hash is unique on its own. The secret itself is never stored.
CREATE TABLE api_keys (
    id          text PRIMARY KEY,
    project_id  text NOT NULL REFERENCES projects (id),
    key_hash    bytea NOT NULL,
    key_prefix  text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz
);
CREATE UNIQUE INDEX api_keys_hash_idx ON api_keys (key_hash);
CREATE INDEX api_keys_project_idx ON api_keys (project_id);

-- Short-lived tokens for clients that cannot send headers (a browser's EventSource).
CREATE TABLE stream_tokens (
    token_hash  bytea PRIMARY KEY,
    project_id  text NOT NULL REFERENCES projects (id),
    expires_at  timestamptz NOT NULL
);
CREATE INDEX stream_tokens_expiry_idx ON stream_tokens (expires_at);
