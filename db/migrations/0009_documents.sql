CREATE TABLE `documents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_kind` text NOT NULL,
	`case_id` integer NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`file_name` text NOT NULL,
	`mime` text NOT NULL,
	`ext` text NOT NULL,
	`size_bytes` integer NOT NULL,
	`sha256` text NOT NULL,
	`view_sha256` text,
	`thumb_sha256` text,
	`width` integer,
	`height` integer,
	`uploaded_by_id` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`voided_at` text,
	`voided_by_id` integer,
	`void_reason` text,
	FOREIGN KEY (`uploaded_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`voided_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `documents_case_idx` ON `documents` (`case_kind`,`case_id`);--> statement-breakpoint
CREATE INDEX `documents_sha256_idx` ON `documents` (`sha256`);--> statement-breakpoint
CREATE INDEX `documents_uploaded_by_idx` ON `documents` (`uploaded_by_id`);--> statement-breakpoint
CREATE INDEX `documents_voided_by_idx` ON `documents` (`voided_by_id`);--> statement-breakpoint
CREATE TABLE `mediation_reviews` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`mediation_id` integer NOT NULL,
	`reviewer_id` integer NOT NULL,
	`reviewer_unit_id` integer NOT NULL,
	`reviewed_on` text NOT NULL,
	`grade` text NOT NULL,
	`faults` text DEFAULT '' NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`mediation_id`) REFERENCES `mediations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reviewer_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reviewer_unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `mediation_reviews_mediation_idx` ON `mediation_reviews` (`mediation_id`);--> statement-breakpoint
CREATE INDEX `mediation_reviews_reviewer_idx` ON `mediation_reviews` (`reviewer_id`);--> statement-breakpoint
CREATE INDEX `mediation_reviews_reviewer_unit_idx` ON `mediation_reviews` (`reviewer_unit_id`);