-- The event log is append-only: it is the truth of the stream and of resume cursors, so no
-- statement may rewrite or remove history.
CREATE TRIGGER `events_no_update` BEFORE UPDATE ON `events`
BEGIN
  SELECT RAISE(ABORT, 'the event log is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `events_no_delete` BEFORE DELETE ON `events`
BEGIN
  SELECT RAISE(ABORT, 'the event log is append-only');
END;
