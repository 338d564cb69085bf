-- Incidents counted per day, week and month and event type, with their fatalities, for
-- Conflict.incidentCounts: the trend chart reads a conflict's whole war (a million incidents) in
-- one index range of this table instead of grouping every incident at each request. Like the
-- search index and `places`, it is derived by the triggers below, outside the drizzle schema, and
-- not part of a dump.
--
-- `incident_periods` is where the rule lives: the first day of the day, week (ISO: from Monday)
-- and month that holds an incident's whole date, NULL where none does. One known to the day is in
-- all three; one known to the month only in its month; a range where it fits whole; a year and a
-- BEFORE (a range open at its start, '0001-01-01') nowhere. src/domain/incident-counts.ts reads
-- it too when a filter needs the incidents themselves.
CREATE VIEW `incident_periods` AS
SELECT id, conflict_id, event_type, retracted_at,
  CASE WHEN date_precision = 'DAY' OR (date_precision = 'RANGE' AND date_start <> '0001-01-01' AND date_end = date_start)
    THEN date_start END AS day,
  -- 'weekday 0' is the Sunday on or after a day; '-6 days', 'weekday 1' the Monday on or before it.
  CASE WHEN date_precision = 'DAY' OR (date_precision = 'RANGE' AND date_start <> '0001-01-01' AND date_end <= date(date_start, 'weekday 0'))
    THEN date(date_start, '-6 days', 'weekday 1') END AS week,
  CASE WHEN date_precision IN ('DAY', 'MONTH') OR (date_precision = 'RANGE' AND date_start <> '0001-01-01' AND substr(date_end, 1, 7) = substr(date_start, 1, 7))
    THEN substr(date_start, 1, 8) || '01' END AS month
FROM incidents;
--> statement-breakpoint
CREATE TABLE `incident_counts` (
	`conflict_id` integer NOT NULL,
	`period_kind` text NOT NULL,
	`period` text NOT NULL,
	`event_type` text NOT NULL,
	`incidents` integer NOT NULL,
	`fatalities` real NOT NULL,
	PRIMARY KEY (`conflict_id`, `period_kind`, `period`, `event_type`)
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO incident_counts (conflict_id, period_kind, period, event_type, incidents, fatalities)
  SELECT p.conflict_id, 'DAY', p.day, p.event_type, count(*), coalesce(sum(f.value), 0)
  FROM incident_periods p LEFT JOIN (
    SELECT incident_id, sum(value) AS value FROM figures WHERE metric = 'fatalities' AND incident_id IS NOT NULL GROUP BY incident_id
  ) f ON f.incident_id = p.id
  WHERE p.day IS NOT NULL AND p.retracted_at IS NULL
  GROUP BY p.conflict_id, p.day, p.event_type;
--> statement-breakpoint
INSERT INTO incident_counts (conflict_id, period_kind, period, event_type, incidents, fatalities)
  SELECT p.conflict_id, 'WEEK', p.week, p.event_type, count(*), coalesce(sum(f.value), 0)
  FROM incident_periods p LEFT JOIN (
    SELECT incident_id, sum(value) AS value FROM figures WHERE metric = 'fatalities' AND incident_id IS NOT NULL GROUP BY incident_id
  ) f ON f.incident_id = p.id
  WHERE p.week IS NOT NULL AND p.retracted_at IS NULL
  GROUP BY p.conflict_id, p.week, p.event_type;
--> statement-breakpoint
INSERT INTO incident_counts (conflict_id, period_kind, period, event_type, incidents, fatalities)
  SELECT p.conflict_id, 'MONTH', p.month, p.event_type, count(*), coalesce(sum(f.value), 0)
  FROM incident_periods p LEFT JOIN (
    SELECT incident_id, sum(value) AS value FROM figures WHERE metric = 'fatalities' AND incident_id IS NOT NULL GROUP BY incident_id
  ) f ON f.incident_id = p.id
  WHERE p.month IS NOT NULL AND p.retracted_at IS NULL
  GROUP BY p.conflict_id, p.month, p.event_type;
--> statement-breakpoint
-- Each change is taken out as the row stood (BEFORE, while the table still holds it) and put back
-- as it stands (AFTER); a figure moves its value alone.
CREATE TRIGGER `incident_counts_insert` AFTER INSERT ON `incidents` BEGIN
  INSERT INTO incident_counts (conflict_id, period_kind, period, event_type, incidents, fatalities)
    SELECT conflict_id, 'DAY', day, event_type, 1, 0 FROM incident_periods
    WHERE id = new.id AND day IS NOT NULL AND retracted_at IS NULL
    ON CONFLICT DO UPDATE SET incidents = incidents + excluded.incidents, fatalities = fatalities + excluded.fatalities;
  INSERT INTO incident_counts (conflict_id, period_kind, period, event_type, incidents, fatalities)
    SELECT conflict_id, 'WEEK', week, event_type, 1, 0 FROM incident_periods
    WHERE id = new.id AND week IS NOT NULL AND retracted_at IS NULL
    ON CONFLICT DO UPDATE SET incidents = incidents + excluded.incidents, fatalities = fatalities + excluded.fatalities;
  INSERT INTO incident_counts (conflict_id, period_kind, period, event_type, incidents, fatalities)
    SELECT conflict_id, 'MONTH', month, event_type, 1, 0 FROM incident_periods
    WHERE id = new.id AND month IS NOT NULL AND retracted_at IS NULL
    ON CONFLICT DO UPDATE SET incidents = incidents + excluded.incidents, fatalities = fatalities + excluded.fatalities;
END;
--> statement-breakpoint
CREATE TRIGGER `incident_counts_update_old` BEFORE UPDATE OF conflict_id, event_type, date_start, date_end, date_precision, retracted_at ON `incidents` BEGIN
  INSERT INTO incident_counts (conflict_id, period_kind, period, event_type, incidents, fatalities)
    SELECT conflict_id, 'DAY', day, event_type, -1, -(SELECT coalesce(sum(value), 0) FROM figures WHERE incident_id = old.id AND metric = 'fatalities') FROM incident_periods
    WHERE id = old.id AND day IS NOT NULL AND retracted_at IS NULL
    ON CONFLICT DO UPDATE SET incidents = incidents + excluded.incidents, fatalities = fatalities + excluded.fatalities;
  INSERT INTO incident_counts (conflict_id, period_kind, period, event_type, incidents, fatalities)
    SELECT conflict_id, 'WEEK', week, event_type, -1, -(SELECT coalesce(sum(value), 0) FROM figures WHERE incident_id = old.id AND metric = 'fatalities') FROM incident_periods
    WHERE id = old.id AND week IS NOT NULL AND retracted_at IS NULL
    ON CONFLICT DO UPDATE SET incidents = incidents + excluded.incidents, fatalities = fatalities + excluded.fatalities;
  INSERT INTO incident_counts (conflict_id, period_kind, period, event_type, incidents, fatalities)
    SELECT conflict_id, 'MONTH', month, event_type, -1, -(SELECT coalesce(sum(value), 0) FROM figures WHERE incident_id = old.id AND metric = 'fatalities') FROM incident_periods
    WHERE id = old.id AND month IS NOT NULL AND retracted_at IS NULL
    ON CONFLICT DO UPDATE SET incidents = incidents + excluded.incidents, fatalities = fatalities + excluded.fatalities;
END;
--> statement-breakpoint
CREATE TRIGGER `incident_counts_update_new` AFTER UPDATE OF conflict_id, event_type, date_start, date_end, date_precision, retracted_at ON `incidents` BEGIN
  INSERT INTO incident_counts (conflict_id, period_kind, period, event_type, incidents, fatalities)
    SELECT conflict_id, 'DAY', day, event_type, 1, (SELECT coalesce(sum(value), 0) FROM figures WHERE incident_id = new.id AND metric = 'fatalities') FROM incident_periods
    WHERE id = new.id AND day IS NOT NULL AND retracted_at IS NULL
    ON CONFLICT DO UPDATE SET incidents = incidents + excluded.incidents, fatalities = fatalities + excluded.fatalities;
  INSERT INTO incident_counts (conflict_id, period_kind, period, event_type, incidents, fatalities)
    SELECT conflict_id, 'WEEK', week, event_type, 1, (SELECT coalesce(sum(value), 0) FROM figures WHERE incident_id = new.id AND metric = 'fatalities') FROM incident_periods
    WHERE id = new.id AND week IS NOT NULL AND retracted_at IS NULL
    ON CONFLICT DO UPDATE SET incidents = incidents + excluded.incidents, fatalities = fatalities + excluded.fatalities;
  INSERT INTO incident_counts (conflict_id, period_kind, period, event_type, incidents, fatalities)
    SELECT conflict_id, 'MONTH', month, event_type, 1, (SELECT coalesce(sum(value), 0) FROM figures WHERE incident_id = new.id AND metric = 'fatalities') FROM incident_periods
    WHERE id = new.id AND month IS NOT NULL AND retracted_at IS NULL
    ON CONFLICT DO UPDATE SET incidents = incidents + excluded.incidents, fatalities = fatalities + excluded.fatalities;
END;
--> statement-breakpoint
CREATE TRIGGER `incident_counts_delete` BEFORE DELETE ON `incidents` BEGIN
  INSERT INTO incident_counts (conflict_id, period_kind, period, event_type, incidents, fatalities)
    SELECT conflict_id, 'DAY', day, event_type, -1, -(SELECT coalesce(sum(value), 0) FROM figures WHERE incident_id = old.id AND metric = 'fatalities') FROM incident_periods
    WHERE id = old.id AND day IS NOT NULL AND retracted_at IS NULL
    ON CONFLICT DO UPDATE SET incidents = incidents + excluded.incidents, fatalities = fatalities + excluded.fatalities;
  INSERT INTO incident_counts (conflict_id, period_kind, period, event_type, incidents, fatalities)
    SELECT conflict_id, 'WEEK', week, event_type, -1, -(SELECT coalesce(sum(value), 0) FROM figures WHERE incident_id = old.id AND metric = 'fatalities') FROM incident_periods
    WHERE id = old.id AND week IS NOT NULL AND retracted_at IS NULL
    ON CONFLICT DO UPDATE SET incidents = incidents + excluded.incidents, fatalities = fatalities + excluded.fatalities;
  INSERT INTO incident_counts (conflict_id, period_kind, period, event_type, incidents, fatalities)
    SELECT conflict_id, 'MONTH', month, event_type, -1, -(SELECT coalesce(sum(value), 0) FROM figures WHERE incident_id = old.id AND metric = 'fatalities') FROM incident_periods
    WHERE id = old.id AND month IS NOT NULL AND retracted_at IS NULL
    ON CONFLICT DO UPDATE SET incidents = incidents + excluded.incidents, fatalities = fatalities + excluded.fatalities;
END;
--> statement-breakpoint
CREATE TRIGGER `incident_counts_figure_insert` AFTER INSERT ON `figures`
WHEN new.metric = 'fatalities' AND new.incident_id IS NOT NULL BEGIN
  INSERT INTO incident_counts (conflict_id, period_kind, period, event_type, incidents, fatalities)
    SELECT conflict_id, 'DAY', day, event_type, 0, new.value FROM incident_periods
    WHERE id = new.incident_id AND day IS NOT NULL AND retracted_at IS NULL
    ON CONFLICT DO UPDATE SET incidents = incidents + excluded.incidents, fatalities = fatalities + excluded.fatalities;
  INSERT INTO incident_counts (conflict_id, period_kind, period, event_type, incidents, fatalities)
    SELECT conflict_id, 'WEEK', week, event_type, 0, new.value FROM incident_periods
    WHERE id = new.incident_id AND week IS NOT NULL AND retracted_at IS NULL
    ON CONFLICT DO UPDATE SET incidents = incidents + excluded.incidents, fatalities = fatalities + excluded.fatalities;
  INSERT INTO incident_counts (conflict_id, period_kind, period, event_type, incidents, fatalities)
    SELECT conflict_id, 'MONTH', month, event_type, 0, new.value FROM incident_periods
    WHERE id = new.incident_id AND month IS NOT NULL AND retracted_at IS NULL
    ON CONFLICT DO UPDATE SET incidents = incidents + excluded.incidents, fatalities = fatalities + excluded.fatalities;
END;
--> statement-breakpoint
CREATE TRIGGER `incident_counts_figure_update` AFTER UPDATE OF metric, value, incident_id ON `figures` BEGIN
  INSERT INTO incident_counts (conflict_id, period_kind, period, event_type, incidents, fatalities)
    SELECT conflict_id, 'DAY', day, event_type, 0, -old.value FROM incident_periods
    WHERE id = old.incident_id AND day IS NOT NULL AND retracted_at IS NULL AND old.metric = 'fatalities'
    ON CONFLICT DO UPDATE SET incidents = incidents + excluded.incidents, fatalities = fatalities + excluded.fatalities;
  INSERT INTO incident_counts (conflict_id, period_kind, period, event_type, incidents, fatalities)
    SELECT conflict_id, 'WEEK', week, event_type, 0, -old.value FROM incident_periods
    WHERE id = old.incident_id AND week IS NOT NULL AND retracted_at IS NULL AND old.metric = 'fatalities'
    ON CONFLICT DO UPDATE SET incidents = incidents + excluded.incidents, fatalities = fatalities + excluded.fatalities;
  INSERT INTO incident_counts (conflict_id, period_kind, period, event_type, incidents, fatalities)
    SELECT conflict_id, 'MONTH', month, event_type, 0, -old.value FROM incident_periods
    WHERE id = old.incident_id AND month IS NOT NULL AND retracted_at IS NULL AND old.metric = 'fatalities'
    ON CONFLICT DO UPDATE SET incidents = incidents + excluded.incidents, fatalities = fatalities + excluded.fatalities;
  INSERT INTO incident_counts (conflict_id, period_kind, period, event_type, incidents, fatalities)
    SELECT conflict_id, 'DAY', day, event_type, 0, new.value FROM incident_periods
    WHERE id = new.incident_id AND day IS NOT NULL AND retracted_at IS NULL AND new.metric = 'fatalities'
    ON CONFLICT DO UPDATE SET incidents = incidents + excluded.incidents, fatalities = fatalities + excluded.fatalities;
  INSERT INTO incident_counts (conflict_id, period_kind, period, event_type, incidents, fatalities)
    SELECT conflict_id, 'WEEK', week, event_type, 0, new.value FROM incident_periods
    WHERE id = new.incident_id AND week IS NOT NULL AND retracted_at IS NULL AND new.metric = 'fatalities'
    ON CONFLICT DO UPDATE SET incidents = incidents + excluded.incidents, fatalities = fatalities + excluded.fatalities;
  INSERT INTO incident_counts (conflict_id, period_kind, period, event_type, incidents, fatalities)
    SELECT conflict_id, 'MONTH', month, event_type, 0, new.value FROM incident_periods
    WHERE id = new.incident_id AND month IS NOT NULL AND retracted_at IS NULL AND new.metric = 'fatalities'
    ON CONFLICT DO UPDATE SET incidents = incidents + excluded.incidents, fatalities = fatalities + excluded.fatalities;
END;
--> statement-breakpoint
CREATE TRIGGER `incident_counts_figure_delete` AFTER DELETE ON `figures`
WHEN old.metric = 'fatalities' AND old.incident_id IS NOT NULL BEGIN
  INSERT INTO incident_counts (conflict_id, period_kind, period, event_type, incidents, fatalities)
    SELECT conflict_id, 'DAY', day, event_type, 0, -old.value FROM incident_periods
    WHERE id = old.incident_id AND day IS NOT NULL AND retracted_at IS NULL
    ON CONFLICT DO UPDATE SET incidents = incidents + excluded.incidents, fatalities = fatalities + excluded.fatalities;
  INSERT INTO incident_counts (conflict_id, period_kind, period, event_type, incidents, fatalities)
    SELECT conflict_id, 'WEEK', week, event_type, 0, -old.value FROM incident_periods
    WHERE id = old.incident_id AND week IS NOT NULL AND retracted_at IS NULL
    ON CONFLICT DO UPDATE SET incidents = incidents + excluded.incidents, fatalities = fatalities + excluded.fatalities;
  INSERT INTO incident_counts (conflict_id, period_kind, period, event_type, incidents, fatalities)
    SELECT conflict_id, 'MONTH', month, event_type, 0, -old.value FROM incident_periods
    WHERE id = old.incident_id AND month IS NOT NULL AND retracted_at IS NULL
    ON CONFLICT DO UPDATE SET incidents = incidents + excluded.incidents, fatalities = fatalities + excluded.fatalities;
END;
