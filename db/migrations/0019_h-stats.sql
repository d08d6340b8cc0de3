-- hand-written (issue 12): day counters one level deeper, then two (DAY_COUNTER_DEPTH 2 → 4 in
-- app/models/counters.server.ts: townships and villages keep them too). A database that already keeps day counters
-- for the levels down to counties gets a marker: start-up fills only the units at depth 3 and deeper
-- (ensureDayCounters → fillDayCounters with fromDepth 3). A new database, or one whose day counters still wait for
-- 0013's full fill, has no day rows and gets no marker (the full fill covers every level).
INSERT INTO `stat_counters_day` (`unit_id`, `day`, `indicator`, `dim`, `value`)
SELECT 0, 0, 'backfill', 'from-depth:3', 0 WHERE EXISTS (SELECT 1 FROM `stat_counters_day` WHERE `unit_id` <> 0);
