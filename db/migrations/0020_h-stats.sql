-- hand-written (issue 12): the month counters stored in primary-key order (WITHOUT ROWID, like stat_counters_day):
-- a unit's months, indicators and dimensions are read from a few neighbouring pages, not one table row per index
-- entry scattered over the file (a province's year: ~1,200 rows; ~4.4 → ~1.9 ms warm at 500,000 records, and far
-- fewer pages to read from disk at 5 million). Same columns, key and foreign key; copied in key order.
CREATE TABLE `stat_counters_new` (
	`unit_id` integer NOT NULL,
	`month` integer NOT NULL,
	`indicator` text NOT NULL,
	`dim` text DEFAULT '' NOT NULL,
	`value` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`unit_id`, `month`, `indicator`, `dim`),
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `stat_counters_new` (`unit_id`, `month`, `indicator`, `dim`, `value`)
SELECT `unit_id`, `month`, `indicator`, `dim`, `value` FROM `stat_counters` ORDER BY `unit_id`, `month`, `indicator`, `dim`;
--> statement-breakpoint
DROP TABLE `stat_counters`;
--> statement-breakpoint
ALTER TABLE `stat_counters_new` RENAME TO `stat_counters`;
--> statement-breakpoint
-- Day counters one level deeper, then two (DAY_COUNTER_DEPTH 2 → 4 in app/models/counters.server.ts: townships and
-- villages keep them too). A database that already keeps day counters for the levels down to counties gets a
-- marker: start-up fills only the units at depth 3 and deeper (ensureDayCounters → fillDayCounters with fromDepth
-- 3). A new database, or one whose day counters still wait for 0013's full fill, has no day rows and gets no marker
-- (the full fill covers every level).
INSERT INTO `stat_counters_day` (`unit_id`, `day`, `indicator`, `dim`, `value`)
SELECT 0, 0, 'backfill', 'from-depth:3', 0 WHERE EXISTS (SELECT 1 FROM `stat_counters_day` WHERE `unit_id` <> 0);
