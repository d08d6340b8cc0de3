CREATE TABLE `report_editions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`unit_id` integer NOT NULL,
	`from_day` text NOT NULL,
	`to_day` text NOT NULL,
	`title` text NOT NULL,
	`cutoff_at` text NOT NULL,
	`payload` text NOT NULL,
	`payload_sha256` text NOT NULL,
	`created_by_id` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `report_editions_unit_idx` ON `report_editions` (`unit_id`,`from_day`);--> statement-breakpoint
CREATE INDEX `report_editions_created_by_idx` ON `report_editions` (`created_by_id`);