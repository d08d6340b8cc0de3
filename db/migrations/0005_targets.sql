CREATE TABLE `target_revisions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`target_id` integer NOT NULL,
	`version` integer NOT NULL,
	`old_value` integer,
	`new_value` integer NOT NULL,
	`reason` text DEFAULT '' NOT NULL,
	`by_user_id` integer NOT NULL,
	`by_unit_id` integer NOT NULL,
	`at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`target_id`) REFERENCES `targets`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`by_unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `target_revisions_target_idx` ON `target_revisions` (`target_id`,`version`);--> statement-breakpoint
CREATE INDEX `target_revisions_by_user_idx` ON `target_revisions` (`by_user_id`);--> statement-breakpoint
CREATE INDEX `target_revisions_by_unit_idx` ON `target_revisions` (`by_unit_id`);--> statement-breakpoint
CREATE TABLE `targets` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`unit_id` integer NOT NULL,
	`year` integer NOT NULL,
	`indicator` text NOT NULL,
	`value` integer NOT NULL,
	`set_by_unit_id` integer NOT NULL,
	`set_by_id` integer NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`set_by_unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`set_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `targets_unit_year_indicator_unique` ON `targets` (`unit_id`,`year`,`indicator`);--> statement-breakpoint
CREATE INDEX `targets_set_by_unit_idx` ON `targets` (`set_by_unit_id`);--> statement-breakpoint
CREATE INDEX `targets_set_by_idx` ON `targets` (`set_by_id`);