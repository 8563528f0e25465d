-- Corrections that move: the projection now follows a corrected record's subject, and the subject it
-- left loses what it caused (memberships end with 记录已更正（主体变更）, points are reversed). Replay
-- records' log once so records corrected to another subject before this release are re-derived too.
-- Re-applying the log is idempotent (projection by log position, consequences from the projection).
DELETE FROM "incentives"."consumer_cursors" WHERE "producer" = 'records';
