CREATE TABLE "reporting_counters" (
	"unit_id" integer NOT NULL,
	"month" integer NOT NULL,
	"submitted" integer DEFAULT 0 NOT NULL,
	"timely" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "reporting_counters_unit_id_month_pk" PRIMARY KEY("unit_id","month")
);
--> statement-breakpoint
ALTER TABLE "reporting_counters" ADD CONSTRAINT "reporting_counters_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- hand-written: the reports made before, counted for their unit and every ancestor (see the SQLite migration 0017)
INSERT INTO "reporting_counters" ("unit_id", "month", "submitted", "timely")
SELECT a.id::integer, r.month, count(*),
  sum(CASE WHEN r.submitted_on <= to_char(to_date(r.month::text, 'YYYYMM') + interval '1 month', 'YYYY-MM') || '-05' THEN 1 ELSE 0 END)
FROM "monthly_reports" r
JOIN "units" u ON u.id = r.unit_id
CROSS JOIN LATERAL unnest(string_to_array(trim(both '/' from u.path), '/')) AS a(id)
GROUP BY a.id, r.month;
