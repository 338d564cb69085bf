-- New incidents and statements indexed once per transaction instead of once per row.
--
-- FTS5 writes its pending terms out as a new segment of the index at every statement that opens
-- a savepoint, and a write transaction opens one per statement that fires a trigger and per
-- command (src/domain/events.ts runs each command of a group commit in its own). So every new
-- incident cost a segment of its own, and the merges that many segments bring: a third of the
-- SQLite time of a recorded incident. The Writer now defers its new documents: while its open
-- transaction holds the marker row (doc_id 0) in search_pending, the insert triggers note the new
-- document's id there instead of indexing it, and the Writer indexes every noted document in one
-- statement just before COMMIT, removing the marker and the notes with it. What commits is the
-- same index the immediate triggers would have left; search_pending is empty in every committed
-- state, and a rolled-back savepoint or transaction takes its notes with it.
--
-- Any other connection (a script, the sqlite3 shell, db:generate) never sees the marker, which is
-- never committed, so its inserts are indexed at once, as before. Updates and deletes stay
-- immediate everywhere: the Writer's pass deletes each noted document from the index before
-- inserting it as it stands, so an update in between leaves nothing twice.
CREATE TABLE `search_pending` (
	`doc_id` integer PRIMARY KEY NOT NULL
);
--> statement-breakpoint
DROP TRIGGER `search_incidents_insert`;
--> statement-breakpoint
CREATE TRIGGER `search_incidents_insert` AFTER INSERT ON `incidents`
WHEN NOT EXISTS (SELECT 1 FROM search_pending WHERE doc_id = 0) BEGIN
  INSERT INTO search_index (rowid, kind, subject_id, conflict_id, retracted, title, body)
    SELECT doc_id, kind, subject_id, conflict_id, retracted, title, body FROM search_incident_documents WHERE subject_id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER `search_incidents_insert_deferred` AFTER INSERT ON `incidents`
WHEN EXISTS (SELECT 1 FROM search_pending WHERE doc_id = 0) BEGIN
  INSERT OR IGNORE INTO search_pending (doc_id) VALUES (new.id * 16 + 1);
END;
--> statement-breakpoint
DROP TRIGGER `search_statements_insert`;
--> statement-breakpoint
CREATE TRIGGER `search_statements_insert` AFTER INSERT ON `statements`
WHEN NOT EXISTS (SELECT 1 FROM search_pending WHERE doc_id = 0) BEGIN
  INSERT INTO search_index (rowid, kind, subject_id, conflict_id, retracted, title, body)
    SELECT doc_id, kind, subject_id, conflict_id, retracted, title, body FROM search_statement_documents WHERE subject_id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER `search_statements_insert_deferred` AFTER INSERT ON `statements`
WHEN EXISTS (SELECT 1 FROM search_pending WHERE doc_id = 0) BEGIN
  INSERT OR IGNORE INTO search_pending (doc_id) VALUES (new.id * 16 + 2);
END;
