-- Full-text search over incidents, statements, proposals and people (src/domain/search.ts).
--
-- The index is a REGULAR FTS5 table (it keeps its own copy of the text), not an external-content
-- or contentless one:
--   * snippet() and highlight() need the text: a contentless table cannot give it back;
--   * an external-content table needs ONE content table or view whose rowid is the index's rowid,
--     and our documents come from four tables (plus aliases, titles and provisions folded into
--     their person or proposal), so a rowid lookup into such a view would scan; and deleting from
--     an external-content index needs the old text exactly, which a trigger on person_aliases no
--     longer has once the alias row changed. The copy costs little (a few KB per hundred facts).
--
-- Each document's rowid is derived from what it indexes: subject id * 16 + a code per kind
-- (INCIDENT 1, STATEMENT 2, PROPOSAL 3, PERSON 4; room is left for more kinds). An update is then
-- a delete by rowid and an insert, never a scan of the index, and the rowid is a stable tie-breaker
-- for the search's keyset cursor ([bm25 rank, rowid]).
--
-- Columns: kind, subject_id, conflict_id (NULL for people, who belong to no one conflict) and
-- retracted (1 for a retracted incident or statement: kept, so `includeRetracted` can find it,
-- but filtered out by default) are UNINDEXED: stored for filters, never matched. title and body
-- are what a query matches; bm25 weighs title above body.
--
-- Tokenizer: unicode61 with remove_diacritics 2 folds case in every script and drops diacritics
-- ("erdogan" finds "Erdoğan", "зеленський" finds "Зеленський"). prefix='2 3' keeps extra
-- indexes of 2- and 3-character prefixes so that short prefix queries ("ze*") stay cheap.
CREATE VIRTUAL TABLE `search_index` USING fts5(
  kind UNINDEXED,
  subject_id UNINDEXED,
  conflict_id UNINDEXED,
  retracted UNINDEXED,
  title,
  body,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '2 3'
);
--> statement-breakpoint
-- What each kind of fact contributes to the index, one view per kind; the initial fill and every
-- trigger below read these views, so a document is defined once. Selecting a view by subject_id
-- is a primary-key lookup. Parts are joined with ' · ' skipping NULLs (substr(…, 4) drops the
-- leading separator; concat_ws would need SQLite 3.44, which older sqlite3 shells lack). char(2)
-- and char(3) are the highlight markers search.ts asks snippet() for, so they are blanked out of
-- indexed text: a marker in a snippet is then always one that FTS5 put there.
CREATE VIEW `search_incident_documents` AS
SELECT
  i.id * 16 + 1 AS doc_id,
  'INCIDENT' AS kind,
  i.id AS subject_id,
  i.conflict_id AS conflict_id,
  i.retracted_at IS NOT NULL AS retracted,
  replace(replace(i.title, char(2), ' '), char(3), ' ') AS title,
  replace(replace(substr(
    coalesce(' · ' || i.description, '') ||
    coalesce(' · ' || i.location_name, '') ||
    coalesce(' · ' || nullif(i.region, i.location_name), '') ||
    coalesce(' · ' || i.country, ''),
  4), char(2), ' '), char(3), ' ') AS body
FROM incidents i;
--> statement-breakpoint
-- A statement's title is who made it (a person, or an actor speaking as a body), so that
-- "Medinsky Napoleon" finds what Medinsky said about Napoleon.
CREATE VIEW `search_statement_documents` AS
SELECT
  s.id * 16 + 2 AS doc_id,
  'STATEMENT' AS kind,
  s.id AS subject_id,
  s.conflict_id AS conflict_id,
  s.retracted_at IS NOT NULL AS retracted,
  replace(replace(coalesce(
    (SELECT p.name FROM people p WHERE p.id = s.speaker_person_id),
    (SELECT a.name FROM actors a WHERE a.id = s.speaker_actor_id),
    ''
  ), char(2), ' '), char(3), ' ') AS title,
  replace(replace(substr(
    coalesce(' · ' || '“' || s.quote || '”', '') ||
    coalesce(' · ' || s.paraphrase, '') ||
    coalesce(' · ' || s.context, ''),
  4), char(2), ' '), char(3), ' ') AS body
FROM statements s;
--> statement-breakpoint
-- A proposal is found by its title, its description and the text of its provisions, in order.
CREATE VIEW `search_proposal_documents` AS
SELECT
  p.id * 16 + 3 AS doc_id,
  'PROPOSAL' AS kind,
  p.id AS subject_id,
  p.conflict_id AS conflict_id,
  0 AS retracted,
  replace(replace(p.title, char(2), ' '), char(3), ' ') AS title,
  replace(replace(substr(
    coalesce(' · ' || p.description, '') ||
    coalesce(' · ' || (
      SELECT group_concat(o.text, ' · ') FROM (
        SELECT v.text FROM provisions v WHERE v.proposal_id = p.id ORDER BY v.ordinal
      ) o
    ), ''),
  4), char(2), ' '), char(3), ' ') AS body
FROM proposals p;
--> statement-breakpoint
-- A person is found by name and any alias ("Zelenskiy"), both in the title, and by the titles
-- held and the description.
CREATE VIEW `search_person_documents` AS
SELECT
  p.id * 16 + 4 AS doc_id,
  'PERSON' AS kind,
  p.id AS subject_id,
  NULL AS conflict_id,
  0 AS retracted,
  replace(replace(p.name || coalesce(' · ' || (
    SELECT group_concat(a.alias, ' · ') FROM (
      SELECT x.alias FROM person_aliases x WHERE x.person_id = p.id ORDER BY x.id
    ) a
  ), ''), char(2), ' '), char(3), ' ') AS title,
  replace(replace(substr(
    coalesce(' · ' || (
      SELECT group_concat(t.title, ' · ') FROM (
        SELECT y.title FROM person_titles y WHERE y.person_id = p.id ORDER BY y.id
      ) t
    ), '') ||
    coalesce(' · ' || p.description, ''),
  4), char(2), ' '), char(3), ' ') AS body
FROM people p;
--> statement-breakpoint
INSERT INTO `search_index` (rowid, kind, subject_id, conflict_id, retracted, title, body)
SELECT doc_id, kind, subject_id, conflict_id, retracted, title, body FROM search_incident_documents
UNION ALL
SELECT doc_id, kind, subject_id, conflict_id, retracted, title, body FROM search_statement_documents
UNION ALL
SELECT doc_id, kind, subject_id, conflict_id, retracted, title, body FROM search_proposal_documents
UNION ALL
SELECT doc_id, kind, subject_id, conflict_id, retracted, title, body FROM search_person_documents;
--> statement-breakpoint
-- Keeping the index in step: triggers, not the domain commands. A trigger runs inside the
-- statement that fires it, so the index changes in the very transaction that changes the fact
-- (a rolled-back command leaves no trace in it), and it covers every way a row can change: each
-- command, the seed, a bulk import, an ON DELETE CASCADE, an operator's SQL. Adding a command
-- cannot forget the index. Every trigger re-reads the whole document from its view: an update is
-- "delete by rowid, insert the document as it now stands", whichever column changed.
-- They use only built-in SQL functions, so any connection (the sqlite3 shell too) can write.
CREATE TRIGGER `search_incidents_insert` AFTER INSERT ON `incidents` BEGIN
  INSERT INTO search_index (rowid, kind, subject_id, conflict_id, retracted, title, body)
    SELECT doc_id, kind, subject_id, conflict_id, retracted, title, body FROM search_incident_documents WHERE subject_id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER `search_incidents_update` AFTER UPDATE ON `incidents` BEGIN
  DELETE FROM search_index WHERE rowid = old.id * 16 + 1;
  INSERT INTO search_index (rowid, kind, subject_id, conflict_id, retracted, title, body)
    SELECT doc_id, kind, subject_id, conflict_id, retracted, title, body FROM search_incident_documents WHERE subject_id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER `search_incidents_delete` AFTER DELETE ON `incidents` BEGIN
  DELETE FROM search_index WHERE rowid = old.id * 16 + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `search_statements_insert` AFTER INSERT ON `statements` BEGIN
  INSERT INTO search_index (rowid, kind, subject_id, conflict_id, retracted, title, body)
    SELECT doc_id, kind, subject_id, conflict_id, retracted, title, body FROM search_statement_documents WHERE subject_id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER `search_statements_update` AFTER UPDATE ON `statements` BEGIN
  DELETE FROM search_index WHERE rowid = old.id * 16 + 2;
  INSERT INTO search_index (rowid, kind, subject_id, conflict_id, retracted, title, body)
    SELECT doc_id, kind, subject_id, conflict_id, retracted, title, body FROM search_statement_documents WHERE subject_id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER `search_statements_delete` AFTER DELETE ON `statements` BEGIN
  DELETE FROM search_index WHERE rowid = old.id * 16 + 2;
END;
--> statement-breakpoint
CREATE TRIGGER `search_proposals_insert` AFTER INSERT ON `proposals` BEGIN
  INSERT INTO search_index (rowid, kind, subject_id, conflict_id, retracted, title, body)
    SELECT doc_id, kind, subject_id, conflict_id, retracted, title, body FROM search_proposal_documents WHERE subject_id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER `search_proposals_update` AFTER UPDATE ON `proposals` BEGIN
  DELETE FROM search_index WHERE rowid = old.id * 16 + 3;
  INSERT INTO search_index (rowid, kind, subject_id, conflict_id, retracted, title, body)
    SELECT doc_id, kind, subject_id, conflict_id, retracted, title, body FROM search_proposal_documents WHERE subject_id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER `search_proposals_delete` AFTER DELETE ON `proposals` BEGIN
  DELETE FROM search_index WHERE rowid = old.id * 16 + 3;
END;
--> statement-breakpoint
-- Provisions are part of their proposal's document.
CREATE TRIGGER `search_provisions_insert` AFTER INSERT ON `provisions` BEGIN
  DELETE FROM search_index WHERE rowid = new.proposal_id * 16 + 3;
  INSERT INTO search_index (rowid, kind, subject_id, conflict_id, retracted, title, body)
    SELECT doc_id, kind, subject_id, conflict_id, retracted, title, body FROM search_proposal_documents WHERE subject_id = new.proposal_id;
END;
--> statement-breakpoint
CREATE TRIGGER `search_provisions_update` AFTER UPDATE ON `provisions` BEGIN
  DELETE FROM search_index WHERE rowid IN (old.proposal_id * 16 + 3, new.proposal_id * 16 + 3);
  INSERT INTO search_index (rowid, kind, subject_id, conflict_id, retracted, title, body)
    SELECT doc_id, kind, subject_id, conflict_id, retracted, title, body FROM search_proposal_documents
    WHERE subject_id IN (old.proposal_id, new.proposal_id);
END;
--> statement-breakpoint
CREATE TRIGGER `search_provisions_delete` AFTER DELETE ON `provisions` BEGIN
  DELETE FROM search_index WHERE rowid = old.proposal_id * 16 + 3;
  INSERT INTO search_index (rowid, kind, subject_id, conflict_id, retracted, title, body)
    SELECT doc_id, kind, subject_id, conflict_id, retracted, title, body FROM search_proposal_documents WHERE subject_id = old.proposal_id;
END;
--> statement-breakpoint
CREATE TRIGGER `search_people_insert` AFTER INSERT ON `people` BEGIN
  INSERT INTO search_index (rowid, kind, subject_id, conflict_id, retracted, title, body)
    SELECT doc_id, kind, subject_id, conflict_id, retracted, title, body FROM search_person_documents WHERE subject_id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER `search_people_update` AFTER UPDATE ON `people` BEGIN
  DELETE FROM search_index WHERE rowid = old.id * 16 + 4;
  INSERT INTO search_index (rowid, kind, subject_id, conflict_id, retracted, title, body)
    SELECT doc_id, kind, subject_id, conflict_id, retracted, title, body FROM search_person_documents WHERE subject_id = new.id;
END;
--> statement-breakpoint
-- A statement's title is its speaker's name: renaming a person or an actor re-indexes what they said.
CREATE TRIGGER `search_people_rename` AFTER UPDATE OF name ON `people` BEGIN
  DELETE FROM search_index WHERE rowid IN (SELECT id * 16 + 2 FROM statements WHERE speaker_person_id = new.id);
  INSERT INTO search_index (rowid, kind, subject_id, conflict_id, retracted, title, body)
    SELECT doc_id, kind, subject_id, conflict_id, retracted, title, body FROM search_statement_documents
    WHERE subject_id IN (SELECT id FROM statements WHERE speaker_person_id = new.id);
END;
--> statement-breakpoint
CREATE TRIGGER `search_actors_rename` AFTER UPDATE OF name ON `actors` BEGIN
  DELETE FROM search_index WHERE rowid IN (SELECT id * 16 + 2 FROM statements WHERE speaker_actor_id = new.id);
  INSERT INTO search_index (rowid, kind, subject_id, conflict_id, retracted, title, body)
    SELECT doc_id, kind, subject_id, conflict_id, retracted, title, body FROM search_statement_documents
    WHERE subject_id IN (SELECT id FROM statements WHERE speaker_actor_id = new.id);
END;
--> statement-breakpoint
CREATE TRIGGER `search_people_delete` AFTER DELETE ON `people` BEGIN
  DELETE FROM search_index WHERE rowid = old.id * 16 + 4;
END;
--> statement-breakpoint
-- Aliases and titles are part of their person's document.
CREATE TRIGGER `search_person_aliases_insert` AFTER INSERT ON `person_aliases` BEGIN
  DELETE FROM search_index WHERE rowid = new.person_id * 16 + 4;
  INSERT INTO search_index (rowid, kind, subject_id, conflict_id, retracted, title, body)
    SELECT doc_id, kind, subject_id, conflict_id, retracted, title, body FROM search_person_documents WHERE subject_id = new.person_id;
END;
--> statement-breakpoint
CREATE TRIGGER `search_person_aliases_update` AFTER UPDATE ON `person_aliases` BEGIN
  DELETE FROM search_index WHERE rowid IN (old.person_id * 16 + 4, new.person_id * 16 + 4);
  INSERT INTO search_index (rowid, kind, subject_id, conflict_id, retracted, title, body)
    SELECT doc_id, kind, subject_id, conflict_id, retracted, title, body FROM search_person_documents
    WHERE subject_id IN (old.person_id, new.person_id);
END;
--> statement-breakpoint
CREATE TRIGGER `search_person_aliases_delete` AFTER DELETE ON `person_aliases` BEGIN
  DELETE FROM search_index WHERE rowid = old.person_id * 16 + 4;
  INSERT INTO search_index (rowid, kind, subject_id, conflict_id, retracted, title, body)
    SELECT doc_id, kind, subject_id, conflict_id, retracted, title, body FROM search_person_documents WHERE subject_id = old.person_id;
END;
--> statement-breakpoint
CREATE TRIGGER `search_person_titles_insert` AFTER INSERT ON `person_titles` BEGIN
  DELETE FROM search_index WHERE rowid = new.person_id * 16 + 4;
  INSERT INTO search_index (rowid, kind, subject_id, conflict_id, retracted, title, body)
    SELECT doc_id, kind, subject_id, conflict_id, retracted, title, body FROM search_person_documents WHERE subject_id = new.person_id;
END;
--> statement-breakpoint
CREATE TRIGGER `search_person_titles_update` AFTER UPDATE ON `person_titles` BEGIN
  DELETE FROM search_index WHERE rowid IN (old.person_id * 16 + 4, new.person_id * 16 + 4);
  INSERT INTO search_index (rowid, kind, subject_id, conflict_id, retracted, title, body)
    SELECT doc_id, kind, subject_id, conflict_id, retracted, title, body FROM search_person_documents
    WHERE subject_id IN (old.person_id, new.person_id);
END;
--> statement-breakpoint
CREATE TRIGGER `search_person_titles_delete` AFTER DELETE ON `person_titles` BEGIN
  DELETE FROM search_index WHERE rowid = old.person_id * 16 + 4;
  INSERT INTO search_index (rowid, kind, subject_id, conflict_id, retracted, title, body)
    SELECT doc_id, kind, subject_id, conflict_id, retracted, title, body FROM search_person_documents WHERE subject_id = old.person_id;
END;
