-- Secret rotation: the previous secret keeps signing (beside the new one) until it expires.
-- Failure tracking: since when an endpoint has failed without a success in between, and why
-- Herald disabled it if it did.
ALTER TABLE webhooks
    ADD COLUMN previous_secret             text,
    ADD COLUMN previous_secret_expires_at  timestamptz,
    ADD COLUMN failing_since               timestamptz,
    ADD COLUMN disabled_reason             text;
