CREATE TABLE `case_sequences` (
	`unit_id` integer NOT NULL,
	`year` integer NOT NULL,
	`kind` text NOT NULL,
	`last` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`unit_id`, `year`, `kind`),
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `dispute_types` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`unit_id` integer NOT NULL,
	`name` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `dispute_types_unit_idx` ON `dispute_types` (`unit_id`);--> statement-breakpoint
CREATE TABLE `mediation_followups` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`mediation_id` integer NOT NULL,
	`visited_on` text NOT NULL,
	`visitor` text NOT NULL,
	`performance_found` text NOT NULL,
	`satisfaction` text NOT NULL,
	`notes` text DEFAULT '' NOT NULL,
	`created_by_id` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`mediation_id`) REFERENCES `mediations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `mediation_followups_mediation_idx` ON `mediation_followups` (`mediation_id`);--> statement-breakpoint
CREATE INDEX `mediation_followups_visited_idx` ON `mediation_followups` (`visited_on`);--> statement-breakpoint
CREATE INDEX `mediation_followups_created_by_idx` ON `mediation_followups` (`created_by_id`);--> statement-breakpoint
CREATE TABLE `mediation_mediators` (
	`mediation_id` integer NOT NULL,
	`mediator_id` integer NOT NULL,
	PRIMARY KEY(`mediation_id`, `mediator_id`),
	FOREIGN KEY (`mediation_id`) REFERENCES `mediations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`mediator_id`) REFERENCES `mediators`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `mediation_mediators_mediator_idx` ON `mediation_mediators` (`mediator_id`);--> statement-breakpoint
CREATE TABLE `mediation_parties` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`mediation_id` integer NOT NULL,
	`side` text NOT NULL,
	`kind` text DEFAULT 'person' NOT NULL,
	`name` text NOT NULL,
	`gender` text,
	`ethnicity` text,
	`birth_date` text,
	`age` integer,
	`occupation` text,
	`phone` text,
	`address` text,
	`id_number` text,
	`sort_order` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`mediation_id`) REFERENCES `mediations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `mediation_parties_mediation_idx` ON `mediation_parties` (`mediation_id`);--> statement-breakpoint
CREATE INDEX `mediation_parties_id_number_idx` ON `mediation_parties` (`id_number`);--> statement-breakpoint
CREATE INDEX `mediation_parties_name_phone_idx` ON `mediation_parties` (`name`,`phone`);--> statement-breakpoint
CREATE TABLE `mediation_sessions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`mediation_id` integer NOT NULL,
	`held_on` text NOT NULL,
	`mediator_names` text NOT NULL,
	`notes` text NOT NULL,
	`created_by_id` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`mediation_id`) REFERENCES `mediations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `mediation_sessions_mediation_idx` ON `mediation_sessions` (`mediation_id`);--> statement-breakpoint
CREATE INDEX `mediation_sessions_created_by_idx` ON `mediation_sessions` (`created_by_id`);--> statement-breakpoint
CREATE TABLE `mediation_transfers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`mediation_id` integer NOT NULL,
	`from_unit_id` integer NOT NULL,
	`to_unit_id` integer NOT NULL,
	`transferred_on` text NOT NULL,
	`reason` text NOT NULL,
	`by_user_id` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`mediation_id`) REFERENCES `mediations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`from_unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`to_unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `mediation_transfers_mediation_idx` ON `mediation_transfers` (`mediation_id`);--> statement-breakpoint
CREATE INDEX `mediation_transfers_from_idx` ON `mediation_transfers` (`from_unit_id`);--> statement-breakpoint
CREATE INDEX `mediation_transfers_to_idx` ON `mediation_transfers` (`to_unit_id`);--> statement-breakpoint
CREATE INDEX `mediation_transfers_by_idx` ON `mediation_transfers` (`by_user_id`);--> statement-breakpoint
CREATE TABLE `mediations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`unit_id` integer NOT NULL,
	`registered_unit_id` integer NOT NULL,
	`case_no` text NOT NULL,
	`case_year` integer NOT NULL,
	`case_seq` integer NOT NULL,
	`registered_on` text NOT NULL,
	`source` text NOT NULL,
	`dispute_type` text NOT NULL,
	`summary` text NOT NULL,
	`persons_involved` integer DEFAULT 2 NOT NULL,
	`amount_fen` integer,
	`is_mass` integer DEFAULT false NOT NULL,
	`prevented_criminal` integer DEFAULT false NOT NULL,
	`prevented_petition` integer DEFAULT false NOT NULL,
	`status` text DEFAULT 'registered' NOT NULL,
	`concluded_on` text,
	`agreement_form` text,
	`agreement_terms` text,
	`agreement_amount_fen` integer,
	`performance_manner` text,
	`performance_deadline` text,
	`failure_reason` text,
	`failure_route` text,
	`withdraw_reason` text,
	`performance` text,
	`judicial_confirmation` text DEFAULT 'none' NOT NULL,
	`jc_applied_on` text,
	`jc_decided_on` text,
	`referred_from_consultation_id` integer,
	`created_by_id` integer NOT NULL,
	`updated_by_id` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`voided_at` text,
	`voided_by_id` integer,
	`void_reason` text,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`registered_unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`referred_from_consultation_id`) REFERENCES `consultations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`voided_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `mediations_case_no_idx` ON `mediations` (`case_no`);--> statement-breakpoint
CREATE UNIQUE INDEX `mediations_case_seq_unique` ON `mediations` (`registered_unit_id`,`case_year`,`case_seq`);--> statement-breakpoint
CREATE INDEX `mediations_unit_registered_idx` ON `mediations` (`unit_id`,`registered_on`);--> statement-breakpoint
CREATE INDEX `mediations_unit_concluded_idx` ON `mediations` (`unit_id`,`concluded_on`);--> statement-breakpoint
CREATE INDEX `mediations_status_registered_idx` ON `mediations` (`status`,`registered_on`);--> statement-breakpoint
CREATE INDEX `mediations_registered_unit_idx` ON `mediations` (`registered_unit_id`);--> statement-breakpoint
CREATE INDEX `mediations_consultation_idx` ON `mediations` (`referred_from_consultation_id`);--> statement-breakpoint
CREATE INDEX `mediations_created_by_idx` ON `mediations` (`created_by_id`);--> statement-breakpoint
CREATE INDEX `mediations_updated_by_idx` ON `mediations` (`updated_by_id`);--> statement-breakpoint
CREATE INDEX `mediations_voided_by_idx` ON `mediations` (`voided_by_id`);--> statement-breakpoint
CREATE TABLE `mediators` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`unit_id` integer NOT NULL,
	`name` text NOT NULL,
	`gender` text,
	`full_time` integer DEFAULT false NOT NULL,
	`phone` text,
	`user_id` integer,
	`start_on` text NOT NULL,
	`end_on` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `mediators_unit_idx` ON `mediators` (`unit_id`);--> statement-breakpoint
CREATE INDEX `mediators_user_idx` ON `mediators` (`user_id`);