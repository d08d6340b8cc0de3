-- hand-written (issue 16): SQLite functions that the application's raw SQL calls and PostgreSQL lacks, with SQLite's
-- name and answers for the arguments the code passes (PG-SQL-CATALOGUE.md lists the call sites; db/pg-compat.test.ts
-- compares each with SQLite). No SQLite migration has a counterpart: SQLite has them built in.
--   instr(text, text)        strpos(): 1-based character position, 0 when absent, 1 for ''
--   julianday(text)          the Julian day of an ISO day or instant ('2024-02-29', '2026-12-01T03:15:05.123Z',
--                            '… +08:00'), computed as SQLite does (milliseconds since JD 0, Meeus' formula, so
--                            '2024-02-30' is 1 March as in SQLite); NULL for text SQLite would not read as a time
--   date(text, text)         the day of a time value after ONE modifier 'N days|hours|minutes|seconds' (the code's
--                            date(created_at, '+8 hours'): the China day of a UTC instant)
--   strftime(text, text)     formats %Y %m %d %H %M %S %f %s %j %w %% of a time value or 'now' (the statement's
--                            time, as SQLite's 'now'); the code's strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
--   sum(boolean)             an aggregate: SQLite's sum() of comparisons (0/1): the number of true rows, NULL when
--                            every row is NULL or there is none (hence the code's coalesce(sum(…), 0))
-- What SQLite accepts and these refuse (an error, never a silent difference): 'now' outside strftime, the modifiers
-- months, years, start of …, weekday, localtime, utc, unixepoch, auto, and two or more modifiers.
-- They live in the public schema beside the tables; IMMUTABLE where the answer depends on the arguments only.

CREATE FUNCTION "sqlite_compat_ijd"(t text) RETURNS bigint
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
-- SQLite's iJD: milliseconds since noon of 24 November 4714 BC (JD 0), of a time value; NULL when not one.
DECLARE
  m text[];
  y int; mo int; d int; h int := 0; mi int := 0; s double precision := 0; ms double precision;
  a int; b int; x1 int; x2 int;
  ijd bigint;
  r double precision;
BEGIN
  IF t = 'now' OR lower(t) = 'now' THEN
    RAISE EXCEPTION 'sqlite compat: ''now'' is only supported by strftime(); use strftime(''%%Y-%%m-%%dT%%H:%%M:%%fZ'', ''now'')';
  END IF;
  -- a time of day alone is a time on 2000-01-01, as in SQLite
  IF t ~ '^\d{2}:\d{2}' THEN t := '2000-01-01 ' || t; END IF;
  m := regexp_match(t, '^(\d{4})-(\d{2})-(\d{2})[\sT]*(?:(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?\s*(?:([Zz])|([+-])(\d{2}):(\d{2}))?\s*)?$');
  IF m IS NULL THEN
    -- a number is a Julian day (SQLite's setRawDateNumber), within SQLite's range
    IF t ~ '^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$' THEN
      r := t::double precision;
      IF r >= 0 AND trunc(r * 86400000 + 0.5) <= 464269060799999 THEN RETURN trunc(r * 86400000 + 0.5)::bigint; END IF;
    END IF;
    RETURN NULL;
  END IF;
  y := m[1]::int; mo := m[2]::int; d := m[3]::int;
  IF mo < 1 OR mo > 12 OR d < 1 OR d > 31 THEN RETURN NULL; END IF;
  IF m[4] IS NOT NULL THEN
    h := m[4]::int; mi := m[5]::int;
    IF h > 24 OR mi > 59 THEN RETURN NULL; END IF;
    IF m[6] IS NOT NULL THEN
      IF m[6]::int > 59 THEN RETURN NULL; END IF;
      s := m[6]::int;
      IF m[7] IS NOT NULL THEN
        -- as SQLite's parseHhMmSs: the digits as a double over a power of ten, at most .999 (no rounding into the
        -- next second)
        ms := substr(m[7], 2)::double precision / (10::double precision ^ (length(m[7]) - 1));
        s := s + least(ms, 0.999::double precision);
      END IF;
    END IF;
    IF m[9] IS NOT NULL AND (m[10]::int > 14 OR m[11]::int > 59) THEN RETURN NULL; END IF;
  END IF;
  -- computeJD of SQLite's date.c (C integer division truncates, as PostgreSQL's does)
  IF mo <= 2 THEN y := y - 1; mo := mo + 12; END IF;
  a := y / 100;
  b := 2 - a + (a / 4);
  x1 := (36525 * (y + 4716)) / 100;
  x2 := (306001 * (mo + 1)) / 10000;
  ijd := (x1 + x2 + d + b - 1524)::bigint * 86400000 - 43200000;
  ijd := ijd + h * 3600000 + mi * 60000 + trunc(s * 1000.0::double precision + 0.5::double precision)::bigint;
  IF m[9] IS NOT NULL THEN
    -- a local time at that offset: back to UTC
    ijd := ijd - (CASE WHEN m[9] = '-' THEN -1 ELSE 1 END) * (m[10]::int * 60 + m[11]::int)::bigint * 60000;
  END IF;
  -- SQLite's validJulianDay: 0000-01-01 … 9999-12-31 23:59:59.999
  RETURN CASE WHEN ijd BETWEEN 0 AND 464269060799999 THEN ijd END;
END
$$;
--> statement-breakpoint
CREATE FUNCTION "julianday"(t text) RETURNS double precision
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN "sqlite_compat_ijd"(t) / 86400000.0::double precision;
--> statement-breakpoint
CREATE FUNCTION "sqlite_compat_modify"(ijd bigint, modifier text) RETURNS bigint
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
-- One modifier of SQLite's date functions: 'N days|hours|minutes|seconds' (N signed, may have a fraction, the unit's
-- final s optional, any case), rounded to the millisecond away from zero as SQLite does.
DECLARE
  m text[];
  r double precision;
  unit_ms double precision;
BEGIN
  m := regexp_match(modifier, '^([+-]?(?:\d+\.?\d*|\.\d+))\s*(day|hour|minute|second)s?$', 'i');
  IF m IS NULL THEN
    RAISE EXCEPTION 'sqlite compat: date modifier % is not supported (only ''N days|hours|minutes|seconds'')', quote_literal(modifier);
  END IF;
  r := m[1]::double precision;
  unit_ms := CASE lower(m[2]) WHEN 'day' THEN 86400000 WHEN 'hour' THEN 3600000 WHEN 'minute' THEN 60000 ELSE 1000 END;
  RETURN ijd + trunc(r * unit_ms + CASE WHEN r < 0 THEN -0.5 ELSE 0.5 END)::bigint;
END
$$;
--> statement-breakpoint
CREATE FUNCTION "sqlite_compat_ymd"(ijd bigint) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
-- the Gregorian day of an iJD in SQLite's range (JD 1721059.5 is 0000-01-01 in SQLite's proleptic calendar)
RETURN CASE WHEN ijd < 0 OR ijd > 464269060799999 THEN NULL
  ELSE to_char(date '2000-01-01' + ((ijd + 43200000) / 86400000 - 2451545)::int, 'YYYY-MM-DD') END;
--> statement-breakpoint
CREATE FUNCTION "date"(t text, modifier text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN "sqlite_compat_ymd"("sqlite_compat_modify"("sqlite_compat_ijd"(t), modifier));
--> statement-breakpoint
CREATE FUNCTION "instr"(haystack text, needle text) RETURNS integer
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN strpos(haystack, needle);
--> statement-breakpoint
CREATE FUNCTION "strftime"(fmt text, t text) RETURNS text
LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE AS $$
-- SQLite's strftime() of one time value (or 'now': the statement's time, to the millisecond), no modifier. As in
-- SQLite, a time value's own fields are printed as written (24:00, the seconds' fraction) unless it has an offset
-- from UTC or a day past the 28th (those are normalised through the Julian day); %s and %w come from the Julian day.
DECLARE
  ijd bigint;
  day_ms bigint;
  m text[];
  ymd text;
  h int; mi int; s double precision;
  out text := '';
  i int := 1;
  c text;
BEGIN
  IF lower(t) = 'now' THEN
    ijd := floor(extract(epoch FROM statement_timestamp()) * 1000)::bigint + 210866760000000;
  ELSE
    ijd := "sqlite_compat_ijd"(t);
    IF t ~ '^\d{2}:\d{2}' THEN t := '2000-01-01 ' || t; END IF;
    m := regexp_match(t, '^(\d{4})-(\d{2})-(\d{2})[\sT]*(?:(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?\s*(?:([Zz])|([+-])(\d{2}):(\d{2}))?\s*)?$');
  END IF;
  IF ijd IS NULL THEN RETURN NULL; END IF;
  day_ms := (ijd + 43200000) % 86400000;
  IF m IS NOT NULL AND (m[9] IS NULL OR (m[10]::int = 0 AND m[11]::int = 0)) THEN
    ymd := CASE WHEN m[3]::int > 28 THEN "sqlite_compat_ymd"(ijd) ELSE m[1] || '-' || m[2] || '-' || m[3] END;
    h := coalesce(m[4]::int, 0);
    mi := coalesce(m[5]::int, 0);
    s := coalesce(m[6]::int, 0);
    IF m[7] IS NOT NULL THEN
      s := s + least(substr(m[7], 2)::double precision / (10::double precision ^ (length(m[7]) - 1)), 0.999::double precision);
    END IF;
  ELSE
    ymd := "sqlite_compat_ymd"(ijd);
    h := day_ms / 3600000;
    mi := day_ms / 60000 % 60;
    s := (day_ms % 60000) / 1000.0::double precision;
  END IF;
  WHILE i <= length(fmt) LOOP
    c := substr(fmt, i, 1);
    IF c <> '%' THEN
      out := out || c;
    ELSE
      i := i + 1;
      c := substr(fmt, i, 1);
      out := out || CASE c
        WHEN 'Y' THEN substr(ymd, 1, 4)
        WHEN 'm' THEN substr(ymd, 6, 2)
        WHEN 'd' THEN substr(ymd, 9, 2)
        WHEN 'H' THEN lpad(h::text, 2, '0')
        WHEN 'M' THEN lpad(mi::text, 2, '0')
        WHEN 'S' THEN lpad(trunc(s)::int::text, 2, '0')
        -- printf("%06.3f"); exact for the millisecond values the application writes
        WHEN 'f' THEN to_char(round(least(s, 59.999::double precision)::numeric, 3), 'FM00.000')
        WHEN 's' THEN (ijd / 1000 - 210866760000)::text
        WHEN 'j' THEN lpad(((make_date(substr(ymd, 1, 4)::int, substr(ymd, 6, 2)::int, 1) + (substr(ymd, 9, 2)::int - 1)) - make_date(substr(ymd, 1, 4)::int, 1, 1) + 1)::text, 3, '0')
        WHEN 'w' THEN (((ijd + 129600000) / 86400000) % 7)::text
        WHEN '%' THEN '%'
        ELSE NULL END;
      IF out IS NULL THEN
        RAISE EXCEPTION 'sqlite compat: strftime format %% % is not supported', quote_literal(c);
      END IF;
    END IF;
    i := i + 1;
  END LOOP;
  RETURN out;
END
$$;
--> statement-breakpoint
CREATE FUNCTION "sqlite_compat_sum_bool"(state bigint, v boolean) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN v IS NULL THEN state ELSE coalesce(state, 0) + v::int END;
--> statement-breakpoint
CREATE AGGREGATE "sum"(boolean) (
  SFUNC = "sqlite_compat_sum_bool",
  STYPE = bigint,
  COMBINEFUNC = int8pl,
  PARALLEL = SAFE
);
