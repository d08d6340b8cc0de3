CREATE TABLE `report_styles` (
	`unit_id` integer PRIMARY KEY NOT NULL,
	`style` text NOT NULL,
	`updated_by_id` integer NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `report_styles_updated_by_idx` ON `report_styles` (`updated_by_id`);