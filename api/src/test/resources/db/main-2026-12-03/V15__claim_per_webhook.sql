-- Dispatchers claim each webhook's due deliveries on their own (oldest first, as many as that
-- endpoint has room for), so one endpoint's backlog never hides another endpoint's deliveries
-- from a claim. The single due-time index served a claim that took the globally oldest.
CREATE INDEX deliveries_due_per_webhook_idx
    ON deliveries (project_id, webhook_id, next_attempt_at)
    WHERE status IN ('pending', 'retrying');
DROP INDEX deliveries_due_idx;
