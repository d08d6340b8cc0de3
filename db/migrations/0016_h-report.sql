DROP INDEX `units_pinyin_initials_idx`;--> statement-breakpoint
DROP INDEX `units_pinyin_idx`;--> statement-breakpoint
CREATE INDEX `units_path_kind_idx` ON `units` (`path`,`type`,`level`,`active_from`,`active_to`);--> statement-breakpoint
CREATE INDEX `units_kind_path_idx` ON `units` (`type`,`level`,`path`,`active_from`,`active_to`);--> statement-breakpoint
CREATE INDEX `units_name_idx` ON `units` (`name`,`path`);--> statement-breakpoint
CREATE INDEX `units_short_name_idx` ON `units` (`short_name`,`path`);--> statement-breakpoint
CREATE INDEX `units_pinyin_initials_idx` ON `units` (`pinyin_initials`,`path`);--> statement-breakpoint
CREATE INDEX `units_pinyin_idx` ON `units` (`pinyin`,`path`);--> statement-breakpoint
-- hand-written
-- Counters for the report's completion and satisfaction figures (app/models/counting-rules.ts): mediation.open (a
-- dispute still registered or in mediation, on its registration day), legalAid.open (a case granted or assigned,
-- on its decision day), legalAid.followups (a beneficiary follow-up with its satisfaction, on its day; '' and
-- satisfaction:<code>). Writes keep them from now on; this counts the records made before, in the month counters of
-- the record's unit and every ancestor, and in the day counters of those ancestors at depth 0-2 (a database still
-- carrying the day-counter marker rebuilds its day counters from raw rows on first read, these included).
DELETE FROM stat_counters WHERE indicator IN ('mediation.open', 'legalAid.open', 'legalAid.followups');
--> statement-breakpoint
DELETE FROM stat_counters_day WHERE indicator IN ('mediation.open', 'legalAid.open', 'legalAid.followups');
--> statement-breakpoint
CREATE TEMP TABLE report_counter_backfill AS
WITH RECURSIVE
  contributions(path, day, indicator, dim) AS (
    SELECT u.path, m.registered_on, 'mediation.open', '' FROM mediations m JOIN units u ON u.id = m.unit_id
    WHERE m.voided_at IS NULL AND m.status IN ('registered', 'in_mediation')
    UNION ALL
    SELECT u.path, c.decided_on, 'legalAid.open', '' FROM legal_aid_cases c JOIN units u ON u.id = c.unit_id
    WHERE c.voided_at IS NULL AND c.status IN ('granted', 'assigned') AND c.decided_on IS NOT NULL
    UNION ALL
    SELECT u.path, c.followed_up_on, 'legalAid.followups', '' FROM legal_aid_cases c JOIN units u ON u.id = c.unit_id
    WHERE c.voided_at IS NULL AND c.followed_up_on IS NOT NULL AND c.satisfaction IS NOT NULL
    UNION ALL
    SELECT u.path, c.followed_up_on, 'legalAid.followups', 'satisfaction:' || c.satisfaction FROM legal_aid_cases c JOIN units u ON u.id = c.unit_id
    WHERE c.voided_at IS NULL AND c.followed_up_on IS NOT NULL AND c.satisfaction IS NOT NULL
  ),
  walk(rest, unit_id, depth, day, indicator, dim) AS (
    SELECT substr(path, 2), NULL, -1, day, indicator, dim FROM contributions
    UNION ALL
    SELECT substr(rest, instr(rest, '/') + 1), CAST(substr(rest, 1, instr(rest, '/') - 1) AS INTEGER), depth + 1, day, indicator, dim FROM walk WHERE rest <> ''
  )
SELECT unit_id, depth, day, indicator, dim, count(*) AS value FROM walk WHERE unit_id IS NOT NULL GROUP BY unit_id, depth, day, indicator, dim;
--> statement-breakpoint
INSERT INTO stat_counters (unit_id, month, indicator, dim, value)
SELECT unit_id, CAST(substr(day, 1, 4) || substr(day, 6, 2) AS INTEGER), indicator, dim, sum(value) FROM report_counter_backfill
GROUP BY unit_id, CAST(substr(day, 1, 4) || substr(day, 6, 2) AS INTEGER), indicator, dim;
--> statement-breakpoint
INSERT INTO stat_counters_day (unit_id, day, indicator, dim, value)
SELECT unit_id, CAST(substr(day, 1, 4) || substr(day, 6, 2) || substr(day, 9, 2) AS INTEGER), indicator, dim, value FROM report_counter_backfill WHERE depth <= 2;
--> statement-breakpoint
DROP TABLE report_counter_backfill;
