DROP INDEX `mediations_case_no_idx`;--> statement-breakpoint
DROP INDEX `mediations_registered_unit_idx`;