-- 0009_latest_reports.sql — a scope's latest progress reports are the
-- newest by the date they report for (reported_at, then id), not by when
-- they were recorded (issue 10). Each commitment keeps the id of its own
-- latest report (last_report_id: newest reported_at, then highest id,
-- corrections included), kept by commitments_refresh with the other
-- columns derived from the updates. The `limit` commitments first by
-- (last_report_date, last_report_id) then hold the scope's `limit` latest
-- reports, and a large scope finds them by walking this index, as the
-- lists walk theirs (src/domain/progress.c). The same on both backends.
ALTER TABLE commitment ADD COLUMN last_report_id BIGINT;
UPDATE commitment SET last_report_id = (SELECT p.id FROM progress_update p
	WHERE p.commitment_id = commitment.id ORDER BY p.reported_at DESC, p.id DESC LIMIT 1)
WHERE last_report_date IS NOT NULL;
CREATE INDEX commitment_last_report ON commitment (last_report_date, last_report_id);
