-- Corrections that move: open cases a subject filed about a record since corrected to another subject
-- are ended when records' events are applied. Replay records' log once so such cases left open before
-- this release are ended too. Re-applying the log is idempotent (projection by version; only cases of a
-- subject the record no longer names are ended, once).
DELETE FROM "repairs"."consumer_cursors" WHERE "producer" = 'records';
