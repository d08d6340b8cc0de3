CREATE TABLE `monthly_reports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`unit_id` integer NOT NULL,
	`month` integer NOT NULL,
	`kind` text NOT NULL,
	`submitted_on` text NOT NULL,
	`submitted_by_id` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`submitted_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `monthly_reports_unit_month_unique` ON `monthly_reports` (`unit_id`,`month`);--> statement-breakpoint
CREATE INDEX `monthly_reports_month_idx` ON `monthly_reports` (`month`);--> statement-breakpoint
CREATE INDEX `monthly_reports_submitted_by_idx` ON `monthly_reports` (`submitted_by_id`);--> statement-breakpoint
ALTER TABLE `registry_people` ADD `employer` text;