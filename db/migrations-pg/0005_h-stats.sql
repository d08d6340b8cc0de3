-- hand-written: the SQLite migration 0020 in PostgreSQL form. Its first part makes SQLite's stat_counters a
-- WITHOUT ROWID table (rows stored in primary-key order); PostgreSQL tables are heaps with the primary key as a
-- b-tree beside them, so there is nothing to declare (as for stat_counters_day, see 0000_init.sql). Its second part:
-- day counters down to depth 4; a database that keeps them down to depth 2 gets a marker for a fill of the deeper
-- levels at start-up; a new database gets none.
INSERT INTO "stat_counters_day" ("unit_id", "day", "indicator", "dim", "value")
SELECT 0, 0, 'backfill', 'from-depth:3', 0 WHERE EXISTS (SELECT 1 FROM "stat_counters_day" WHERE "unit_id" <> 0);
