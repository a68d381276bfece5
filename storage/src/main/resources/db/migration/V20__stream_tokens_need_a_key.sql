-- Stream tokens minted before V19 carry no key, so revoking the key that minted one could not end
-- it. They live 5 minutes by default: deleting them costs their holders one reconnect with a new
-- token, and from now on every token names its key (revoking the key ends it, and its streams).
DELETE FROM stream_tokens WHERE key_id IS NULL;
ALTER TABLE stream_tokens ALTER COLUMN key_id SET NOT NULL;
