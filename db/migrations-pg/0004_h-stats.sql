-- hand-written: the SQLite migration 0019 in PostgreSQL form (day counters down to depth 4; a database that keeps
-- them down to depth 2 gets a marker for a fill of the deeper levels at start-up; a new database gets none).
INSERT INTO "stat_counters_day" ("unit_id", "day", "indicator", "dim", "value")
SELECT 0, 0, 'backfill', 'from-depth:3', 0 WHERE EXISTS (SELECT 1 FROM "stat_counters_day" WHERE "unit_id" <> 0);
