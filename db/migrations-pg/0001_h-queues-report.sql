DROP INDEX "units_pinyin_initials_idx";--> statement-breakpoint
DROP INDEX "units_pinyin_idx";--> statement-breakpoint
CREATE INDEX "mediations_concluded_idx" ON "mediations" USING btree ("concluded_on");--> statement-breakpoint
CREATE INDEX "mediations_open_work_idx" ON "mediations" USING btree ("unit_id","registered_on") WHERE status IN ('registered', 'in_mediation') AND voided_at IS NULL;--> statement-breakpoint
CREATE INDEX "mediations_performance_work_idx" ON "mediations" USING btree ("unit_id","performance_deadline") WHERE status = 'success' AND voided_at IS NULL AND concluded_by_import = false AND coalesce(performance, '') NOT IN ('immediate', 'performed');--> statement-breakpoint
CREATE INDEX "units_path_kind_idx" ON "units" USING btree ("path","type","level","active_from","active_to");--> statement-breakpoint
CREATE INDEX "units_kind_path_idx" ON "units" USING btree ("type","level","path","active_from","active_to");--> statement-breakpoint
CREATE INDEX "units_name_idx" ON "units" USING btree ("name","path");--> statement-breakpoint
CREATE INDEX "units_short_name_idx" ON "units" USING btree ("short_name","path");--> statement-breakpoint
CREATE INDEX "units_pinyin_initials_idx" ON "units" USING btree ("pinyin_initials","path");--> statement-breakpoint
CREATE INDEX "units_pinyin_idx" ON "units" USING btree ("pinyin","path");