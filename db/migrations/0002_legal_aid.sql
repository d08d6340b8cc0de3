CREATE TABLE `legal_aid_assignments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`provider_id` integer NOT NULL,
	`assignment_no` text NOT NULL,
	`assignment_year` integer NOT NULL,
	`assignment_seq` integer NOT NULL,
	`assigned_on` text NOT NULL,
	`reason` text,
	`by_user_id` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `legal_aid_cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`provider_id`) REFERENCES `legal_aid_providers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `legal_aid_assignments_case_idx` ON `legal_aid_assignments` (`case_id`);--> statement-breakpoint
CREATE INDEX `legal_aid_assignments_provider_idx` ON `legal_aid_assignments` (`provider_id`);--> statement-breakpoint
CREATE INDEX `legal_aid_assignments_by_idx` ON `legal_aid_assignments` (`by_user_id`);--> statement-breakpoint
CREATE TABLE `legal_aid_beneficiaries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`name` text NOT NULL,
	`gender` text,
	`birth_date` text,
	`id_number` text,
	`phone` text,
	`address` text,
	`categories` text DEFAULT '' NOT NULL,
	`sort_order` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `legal_aid_cases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `legal_aid_beneficiaries_case_idx` ON `legal_aid_beneficiaries` (`case_id`);--> statement-breakpoint
CREATE INDEX `legal_aid_beneficiaries_id_number_idx` ON `legal_aid_beneficiaries` (`id_number`);--> statement-breakpoint
CREATE TABLE `legal_aid_cases` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`unit_id` integer NOT NULL,
	`received_unit_id` integer NOT NULL,
	`app_no` text NOT NULL,
	`app_year` integer NOT NULL,
	`app_seq` integer NOT NULL,
	`applied_on` text NOT NULL,
	`complete_on` text,
	`missing_docs` text,
	`missing_docs_on` text,
	`applicant_relation` text DEFAULT 'self' NOT NULL,
	`applicant_name` text NOT NULL,
	`applicant_phone` text,
	`applicant_id_number` text,
	`case_type` text NOT NULL,
	`proceeding` text NOT NULL,
	`service_form` text NOT NULL,
	`cause` text NOT NULL,
	`matter` text NOT NULL,
	`means_test` text NOT NULL,
	`exempt_basis` text,
	`exempt_category` text,
	`exempt_note` text,
	`status` text DEFAULT 'pending' NOT NULL,
	`decision_no` text,
	`decision_year` integer,
	`decision_seq` integer,
	`decided_on` text,
	`preliminary` integer DEFAULT false NOT NULL,
	`limitation_deadline` text,
	`refusal_reason` text,
	`assigned_on` text,
	`assignment_no` text,
	`provider_id` integer,
	`closed_on` text,
	`outcome` text,
	`recovered_fen` integer,
	`closing_report` text,
	`terminated_on` text,
	`termination_reason` text,
	`termination_note` text,
	`quality_grade` text,
	`quality_reviewed_on` text,
	`quality_note` text,
	`followed_up_on` text,
	`satisfaction` text,
	`followup_note` text,
	`referred_from_consultation_id` integer,
	`referred_from_mediation_id` integer,
	`created_by_id` integer NOT NULL,
	`updated_by_id` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`voided_at` text,
	`voided_by_id` integer,
	`void_reason` text,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`received_unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`provider_id`) REFERENCES `legal_aid_providers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`referred_from_consultation_id`) REFERENCES `consultations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`referred_from_mediation_id`) REFERENCES `mediations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`voided_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `legal_aid_cases_app_seq_unique` ON `legal_aid_cases` (`unit_id`,`app_year`,`app_seq`);--> statement-breakpoint
CREATE UNIQUE INDEX `legal_aid_cases_decision_seq_unique` ON `legal_aid_cases` (`unit_id`,`decision_year`,`decision_seq`);--> statement-breakpoint
CREATE INDEX `legal_aid_cases_unit_applied_idx` ON `legal_aid_cases` (`unit_id`,`applied_on`);--> statement-breakpoint
CREATE INDEX `legal_aid_cases_unit_decided_idx` ON `legal_aid_cases` (`unit_id`,`decided_on`);--> statement-breakpoint
CREATE INDEX `legal_aid_cases_unit_closed_idx` ON `legal_aid_cases` (`unit_id`,`closed_on`);--> statement-breakpoint
CREATE INDEX `legal_aid_cases_status_idx` ON `legal_aid_cases` (`status`,`unit_id`);--> statement-breakpoint
CREATE INDEX `legal_aid_cases_received_unit_idx` ON `legal_aid_cases` (`received_unit_id`);--> statement-breakpoint
CREATE INDEX `legal_aid_cases_provider_idx` ON `legal_aid_cases` (`provider_id`);--> statement-breakpoint
CREATE INDEX `legal_aid_cases_consultation_idx` ON `legal_aid_cases` (`referred_from_consultation_id`);--> statement-breakpoint
CREATE INDEX `legal_aid_cases_mediation_idx` ON `legal_aid_cases` (`referred_from_mediation_id`);--> statement-breakpoint
CREATE INDEX `legal_aid_cases_created_by_idx` ON `legal_aid_cases` (`created_by_id`);--> statement-breakpoint
CREATE INDEX `legal_aid_cases_updated_by_idx` ON `legal_aid_cases` (`updated_by_id`);--> statement-breakpoint
CREATE INDEX `legal_aid_cases_voided_by_idx` ON `legal_aid_cases` (`voided_by_id`);--> statement-breakpoint
CREATE TABLE `legal_aid_progress` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` integer NOT NULL,
	`noted_on` text NOT NULL,
	`note` text NOT NULL,
	`by_user_id` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`case_id`) REFERENCES `legal_aid_cases`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `legal_aid_progress_case_idx` ON `legal_aid_progress` (`case_id`);--> statement-breakpoint
CREATE INDEX `legal_aid_progress_by_idx` ON `legal_aid_progress` (`by_user_id`);--> statement-breakpoint
CREATE TABLE `legal_aid_providers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`centre_id` integer NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`firm_name` text,
	`phone` text,
	`active` integer DEFAULT true NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`centre_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `legal_aid_providers_centre_idx` ON `legal_aid_providers` (`centre_id`,`active`);