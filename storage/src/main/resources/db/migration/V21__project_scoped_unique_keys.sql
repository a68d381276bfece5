-- Distribution-ready keys: every unique key of a project's table includes project_id, so the
-- tables can be distributed by project (Citus requires a distributed table's unique keys to hold
-- its distribution column). events.seq stays unique by construction (an identity column) and keeps
-- its index, no longer a unique one; the primary key (project_id, seq) is the unique key.
-- api_keys and stream_tokens are looked up by a credential before the project is known: in a
-- distributed database they are reference tables (a copy on every node), and keep their keys.
DROP INDEX events_seq_idx;
CREATE INDEX events_seq_idx ON events (seq);
