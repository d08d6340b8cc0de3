-- hand-written
-- 案卷评查 in the summary counters (app/models/counting-rules.ts reviewContributions): a reviewed file of a concluded,
-- live dispute counts in the month of its conclusion, once as mediation.reviewed and once by its latest grade, at
-- the dispute's unit and every ancestor. Review writes keep them from now on; this counts the reviews made before.
-- The same statements are REVIEW_COUNTERS_BACKFILL in app/models/file-reviews.server.ts.
DELETE FROM stat_counters WHERE indicator IN ('mediation.reviewed', 'mediation.reviewed.excellent', 'mediation.reviewed.pass', 'mediation.reviewed.fail');
--> statement-breakpoint
WITH RECURSIVE
  graded(path, month, grade) AS (
    SELECT u.path, CAST(substr(m.concluded_on, 1, 4) || substr(m.concluded_on, 6, 2) AS INTEGER),
      (SELECT r.grade FROM mediation_reviews r WHERE r.mediation_id = m.id ORDER BY r.id DESC LIMIT 1)
    FROM mediations m JOIN units u ON u.id = m.unit_id
    WHERE m.id IN (SELECT mediation_id FROM mediation_reviews) AND m.voided_at IS NULL
      AND m.status IN ('success', 'failed', 'withdrawn') AND m.concluded_on IS NOT NULL
  ),
  files(path, month, indicator) AS (
    SELECT path, month, 'mediation.reviewed' FROM graded
    UNION ALL SELECT path, month, 'mediation.reviewed.' || grade FROM graded WHERE grade IN ('excellent', 'pass', 'fail')
  ),
  walk(rest, unit_id, month, indicator) AS (
    SELECT substr(path, 2), NULL, month, indicator FROM files
    UNION ALL
    SELECT substr(rest, instr(rest, '/') + 1), CAST(substr(rest, 1, instr(rest, '/') - 1) AS INTEGER), month, indicator FROM walk WHERE rest <> ''
  )
INSERT INTO stat_counters (unit_id, month, indicator, dim, value)
SELECT unit_id, month, indicator, '', count(*) FROM walk WHERE unit_id IS NOT NULL GROUP BY unit_id, month, indicator;
