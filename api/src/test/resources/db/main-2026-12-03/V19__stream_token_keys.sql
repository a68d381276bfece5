-- A stream token remembers the API key that minted it, so revoking the key also ends its tokens
-- (and the streams they opened). Tokens minted before this migration have no key: they live out
-- their few minutes.
ALTER TABLE stream_tokens ADD COLUMN key_id text REFERENCES api_keys (id) ON DELETE CASCADE;
