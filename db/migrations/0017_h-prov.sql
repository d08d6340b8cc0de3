CREATE TABLE `reporting_counters` (
	`unit_id` integer NOT NULL,
	`month` integer NOT NULL,
	`submitted` integer DEFAULT 0 NOT NULL,
	`timely` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`unit_id`, `month`),
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
-- hand-written
-- Monthly reports counted per unit and month (reporting completeness, issue 12): each report adds one submitted
-- (and one timely when submitted on or before the 5th of the next month, REPORT_DEADLINE_DAY) to its unit and
-- every ancestor, for its month. Submitting a report keeps them from now on; this counts the reports made before.
WITH RECURSIVE
  reports(path, month, timely) AS (
    SELECT u.path, r.month,
      r.submitted_on <= printf('%04d-%02d-05',
        CASE WHEN r.month % 100 = 12 THEN r.month / 100 + 1 ELSE r.month / 100 END,
        CASE WHEN r.month % 100 = 12 THEN 1 ELSE r.month % 100 + 1 END)
    FROM monthly_reports r JOIN units u ON u.id = r.unit_id
  ),
  walk(rest, unit_id, month, timely) AS (
    SELECT substr(path, 2), NULL, month, timely FROM reports
    UNION ALL
    SELECT substr(rest, instr(rest, '/') + 1), CAST(substr(rest, 1, instr(rest, '/') - 1) AS INTEGER), month, timely FROM walk WHERE rest <> ''
  )
INSERT INTO reporting_counters (unit_id, month, submitted, timely)
SELECT unit_id, month, count(*), sum(timely) FROM walk WHERE unit_id IS NOT NULL GROUP BY unit_id, month;
