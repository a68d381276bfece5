-- Signals are now sent after commit by the application (EventSignals), coalesced: a NOTIFY inside
-- every writing transaction serialised all commits on PostgreSQL's notification lock.
DROP TRIGGER events_signal ON events;
DROP FUNCTION herald_signal_event();
DROP TRIGGER deliveries_signal ON deliveries;
DROP FUNCTION herald_signal_delivery();
