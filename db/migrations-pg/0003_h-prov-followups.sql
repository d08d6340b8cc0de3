CREATE TABLE "unit_generation" (
	"id" integer PRIMARY KEY NOT NULL,
	"n" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE INDEX "mediations_followup_work_idx" ON "mediations" USING btree ("unit_id","concluded_on") WHERE status = 'success' AND voided_at IS NULL AND concluded_by_import = false;--> statement-breakpoint
-- hand-written: the unit tree's generation, changed by every write to units (see the SQLite migration 0018)
INSERT INTO "unit_generation" ("id", "n") VALUES (1, 0);
--> statement-breakpoint
CREATE FUNCTION "units_generation_bump"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "unit_generation" SET "n" = "n" + 1 WHERE "id" = 1;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "units_generation" AFTER INSERT OR UPDATE OR DELETE ON "units" FOR EACH STATEMENT EXECUTE FUNCTION "units_generation_bump"();
