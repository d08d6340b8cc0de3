CREATE TABLE `unit_generation` (
	`id` integer PRIMARY KEY NOT NULL,
	`n` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE INDEX `mediations_followup_work_idx` ON `mediations` (`unit_id`,`concluded_on`) WHERE status = 'success' AND voided_at IS NULL AND concluded_by_import = 0;--> statement-breakpoint
-- hand-written: the unit tree's generation, changed by every write to units (counts of the tree are remembered
-- per process while it stays the same: app/models/unit-generation.server.ts)
INSERT INTO `unit_generation` (`id`, `n`) VALUES (1, 0);
--> statement-breakpoint
CREATE TRIGGER `units_generation_insert` AFTER INSERT ON `units` BEGIN UPDATE `unit_generation` SET `n` = `n` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `units_generation_update` AFTER UPDATE ON `units` BEGIN UPDATE `unit_generation` SET `n` = `n` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `units_generation_delete` AFTER DELETE ON `units` BEGIN UPDATE `unit_generation` SET `n` = `n` + 1 WHERE `id` = 1; END;
