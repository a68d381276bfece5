-- The most deliveries per second a webhook's endpoint receives (null: no limit).
ALTER TABLE webhooks ADD COLUMN rate_limit integer CHECK (rate_limit > 0);
