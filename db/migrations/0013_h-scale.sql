CREATE TABLE `stat_counters_day` (
	`unit_id` integer NOT NULL,
	`day` integer NOT NULL,
	`indicator` text NOT NULL,
	`dim` text DEFAULT '' NOT NULL,
	`value` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`unit_id`, `day`, `indicator`, `dim`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX `mediations_registered_idx` ON `mediations` (`registered_on`);--> statement-breakpoint
-- hand-written
-- a marker: the first reader fills the day counters from raw rows (ensureDayCounters in app/models/counters.server.ts)
INSERT INTO `stat_counters_day` (`unit_id`, `day`, `indicator`, `dim`, `value`) VALUES (0, 0, 'backfill', '', 0);
