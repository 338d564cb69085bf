-- Search finds what people look for beyond incidents, statements, proposals and people: talks,
-- their outcomes, figures, actors, sources and delegations (src/domain/search.ts). The index, its
-- rowids (subject id * 16 + a code per kind: TALK 5, TALK_OUTCOME 6, FIGURE 7, ACTOR 8, SOURCE 9,
-- DELEGATION 10) and its upkeep by triggers work as 0002 set them up; each kind has a view that
-- defines its document, read by the initial fill and by every trigger. None of these kinds is ever
-- retracted. Actors and sources, like people, belong to no one conflict (conflict_id NULL); an
-- outcome or a delegation belongs to its talk's.
--
-- Figures come with incidents (an ACLED row's fatalities), so their inserts are deferred by the
-- Writer like incidents' and statements' (0006); the other kinds are written rarely and are indexed
-- at once.
CREATE VIEW `search_talk_documents` AS
SELECT
  t.id * 16 + 5 AS doc_id,
  'TALK' AS kind,
  t.id AS subject_id,
  t.conflict_id AS conflict_id,
  0 AS retracted,
  replace(replace(t.title, char(2), ' '), char(3), ' ') AS title,
  replace(replace(substr(
    coalesce(' · ' || t.description, '') ||
    coalesce(' · ' || t.venue_city, '') ||
    coalesce(' · ' || t.venue_country, ''),
  4), char(2), ' '), char(3), ' ') AS body
FROM talks t;
--> statement-breakpoint
-- An outcome is found by what came of the round, and by the round's title.
CREATE VIEW `search_talk_outcome_documents` AS
SELECT
  o.id * 16 + 6 AS doc_id,
  'TALK_OUTCOME' AS kind,
  o.id AS subject_id,
  t.conflict_id AS conflict_id,
  0 AS retracted,
  replace(replace(o.description, char(2), ' '), char(3), ' ') AS title,
  replace(replace(t.title, char(2), ' '), char(3), ' ') AS body
FROM talk_outcomes o JOIN talks t ON t.id = o.talk_id;
--> statement-breakpoint
-- A figure is found by its metric, what it measures, its value with its unit ("472 drones") and
-- the comparison the source gave. printf('%.15g') writes the value as people do: 1200000, 0.2.
CREATE VIEW `search_figure_documents` AS
SELECT
  f.id * 16 + 7 AS doc_id,
  'FIGURE' AS kind,
  f.id AS subject_id,
  f.conflict_id AS conflict_id,
  0 AS retracted,
  replace(replace(f.metric, char(2), ' '), char(3), ' ') AS title,
  replace(replace(
    f.about || ' · ' || printf('%.15g', f.value) || ' ' || f.unit || coalesce(' · ' || f.comparison, ''),
  char(2), ' '), char(3), ' ') AS body
FROM figures f;
--> statement-breakpoint
-- An actor is found by its name and any alias ("Britain" for the United Kingdom), both in the
-- title, and by its description.
CREATE VIEW `search_actor_documents` AS
SELECT
  a.id * 16 + 8 AS doc_id,
  'ACTOR' AS kind,
  a.id AS subject_id,
  NULL AS conflict_id,
  0 AS retracted,
  replace(replace(a.name || coalesce(' · ' || (
    SELECT group_concat(x.alias, ' · ') FROM (
      SELECT y.alias FROM actor_aliases y WHERE y.actor_id = a.id ORDER BY y.id
    ) x
  ), ''), char(2), ' '), char(3), ' ') AS title,
  replace(replace(coalesce(a.description, ''), char(2), ' '), char(3), ' ') AS body
FROM actors a;
--> statement-breakpoint
CREATE VIEW `search_source_documents` AS
SELECT
  s.id * 16 + 9 AS doc_id,
  'SOURCE' AS kind,
  s.id AS subject_id,
  NULL AS conflict_id,
  0 AS retracted,
  replace(replace(s.name, char(2), ' '), char(3), ' ') AS title,
  replace(replace(coalesce(s.description, ''), char(2), ' '), char(3), ' ') AS body
FROM sources s;
--> statement-breakpoint
-- A delegation's title is the actor it speaks for, so that "Ukraine delegation" ranks Kyiv's first;
-- its body is its description, its round (title and city) and its members, by name or, for one
-- unnamed, as described ("a deputy foreign minister").
CREATE VIEW `search_delegation_documents` AS
SELECT
  d.id * 16 + 10 AS doc_id,
  'DELEGATION' AS kind,
  d.id AS subject_id,
  t.conflict_id AS conflict_id,
  0 AS retracted,
  replace(replace(a.name, char(2), ' '), char(3), ' ') AS title,
  replace(replace(substr(
    coalesce(' · ' || d.description, '') ||
    ' · ' || t.title ||
    coalesce(' · ' || t.venue_city, '') ||
    coalesce(' · ' || (
      SELECT group_concat(m.member, ' · ') FROM (
        SELECT coalesce(p.name || coalesce(', ' || x.description, ''), x.description) AS member
        FROM participations x LEFT JOIN people p ON p.id = x.person_id
        WHERE x.delegation_id = d.id ORDER BY x.id
      ) m
    ), ''),
  4), char(2), ' '), char(3), ' ') AS body
FROM delegations d JOIN talks t ON t.id = d.talk_id JOIN actors a ON a.id = d.actor_id;
--> statement-breakpoint
INSERT INTO `search_index` (rowid, kind, subject_id, conflict_id, retracted, title, body)
SELECT doc_id, kind, subject_id, conflict_id, retracted, title, body FROM search_talk_documents
UNION ALL
SELECT doc_id, kind, subject_id, conflict_id, retracted, title, body FROM search_talk_outcome_documents
UNION ALL
SELECT doc_id, kind, subject_id, conflict_id, retracted, title, body FROM search_figure_documents
UNION ALL
SELECT doc_id, kind, subject_id, conflict_id, retracted, title, body FROM search_actor_documents
UNION ALL
SELECT doc_id, kind, subject_id, conflict_id, retracted, title, body FROM search_source_documents
UNION ALL
SELECT doc_id, kind, subject_id, conflict_id, retracted, title, body FROM search_delegation_documents;
--> statement-breakpoint
-- A talk's title and city are part of its outcomes' and delegations' documents.
CREATE TRIGGER `search_talks_insert` AFTER INSERT ON `talks` BEGIN
  INSERT INTO search_index (rowid, kind, subject_id, conflict_id, retracted, title, body)
    SELECT doc_id, kind, subject_id, conflict_id, retracted, title, body FROM search_talk_documents WHERE subject_id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER `search_talks_update` AFTER UPDATE ON `talks` BEGIN
  DELETE FROM search_index WHERE rowid = old.id * 16 + 5;
  INSERT INTO search_index (rowid, kind, subject_id, conflict_id, retracted, title, body)
    SELECT doc_id, kind, subject_id, conflict_id, retracted, title, body FROM search_talk_documents WHERE subject_id = new.id;
  DELETE FROM search_index WHERE rowid IN (
    SELECT id * 16 + 6 FROM talk_outcomes WHERE talk_id = new.id
    UNION ALL
    SELECT id * 16 + 10 FROM delegations WHERE talk_id = new.id
  );
  INSERT INTO search_index (rowid, kind, subject_id, conflict_id, retracted, title, body)
    SELECT doc_id, kind, subject_id, conflict_id, retracted, title, body FROM search_talk_outcome_documents
    WHERE subject_id IN (SELECT id FROM talk_outcomes WHERE talk_id = new.id)
    UNION ALL
    SELECT doc_id, kind, subject_id, conflict_id, retracted, title, body FROM search_delegation_documents
    WHERE subject_id IN (SELECT id FROM delegations WHERE talk_id = new.id);
END;
--> statement-breakpoint
CREATE TRIGGER `search_talks_delete` AFTER DELETE ON `talks` BEGIN
  DELETE FROM search_index WHERE rowid = old.id * 16 + 5;
END;
--> statement-breakpoint
CREATE TRIGGER `search_talk_outcomes_insert` AFTER INSERT ON `talk_outcomes` BEGIN
  INSERT INTO search_index (rowid, kind, subject_id, conflict_id, retracted, title, body)
    SELECT doc_id, kind, subject_id, conflict_id, retracted, title, body FROM search_talk_outcome_documents WHERE subject_id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER `search_talk_outcomes_update` AFTER UPDATE ON `talk_outcomes` BEGIN
  DELETE FROM search_index WHERE rowid = old.id * 16 + 6;
  INSERT INTO search_index (rowid, kind, subject_id, conflict_id, retracted, title, body)
    SELECT doc_id, kind, subject_id, conflict_id, retracted, title, body FROM search_talk_outcome_documents WHERE subject_id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER `search_talk_outcomes_delete` AFTER DELETE ON `talk_outcomes` BEGIN
  DELETE FROM search_index WHERE rowid = old.id * 16 + 6;
END;
--> statement-breakpoint
CREATE TRIGGER `search_figures_insert` AFTER INSERT ON `figures`
WHEN NOT EXISTS (SELECT 1 FROM search_pending WHERE doc_id = 0) BEGIN
  INSERT INTO search_index (rowid, kind, subject_id, conflict_id, retracted, title, body)
    SELECT doc_id, kind, subject_id, conflict_id, retracted, title, body FROM search_figure_documents WHERE subject_id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER `search_figures_insert_deferred` AFTER INSERT ON `figures`
WHEN EXISTS (SELECT 1 FROM search_pending WHERE doc_id = 0) BEGIN
  INSERT OR IGNORE INTO search_pending (doc_id) VALUES (new.id * 16 + 7);
END;
--> statement-breakpoint
CREATE TRIGGER `search_figures_update` AFTER UPDATE ON `figures` BEGIN
  DELETE FROM search_index WHERE rowid = old.id * 16 + 7;
  INSERT INTO search_index (rowid, kind, subject_id, conflict_id, retracted, title, body)
    SELECT doc_id, kind, subject_id, conflict_id, retracted, title, body FROM search_figure_documents WHERE subject_id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER `search_figures_delete` AFTER DELETE ON `figures` BEGIN
  DELETE FROM search_index WHERE rowid = old.id * 16 + 7;
END;
--> statement-breakpoint
-- An actor's name is the title of its delegations' documents (and of its statements': 0002's
-- search_actors_rename).
CREATE TRIGGER `search_actors_insert` AFTER INSERT ON `actors` BEGIN
  INSERT INTO search_index (rowid, kind, subject_id, conflict_id, retracted, title, body)
    SELECT doc_id, kind, subject_id, conflict_id, retracted, title, body FROM search_actor_documents WHERE subject_id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER `search_actors_update` AFTER UPDATE ON `actors` BEGIN
  DELETE FROM search_index WHERE rowid = old.id * 16 + 8;
  INSERT INTO search_index (rowid, kind, subject_id, conflict_id, retracted, title, body)
    SELECT doc_id, kind, subject_id, conflict_id, retracted, title, body FROM search_actor_documents WHERE subject_id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER `search_actors_rename_delegations` AFTER UPDATE OF name ON `actors` BEGIN
  DELETE FROM search_index WHERE rowid IN (SELECT id * 16 + 10 FROM delegations WHERE actor_id = new.id);
  INSERT INTO search_index (rowid, kind, subject_id, conflict_id, retracted, title, body)
    SELECT doc_id, kind, subject_id, conflict_id, retracted, title, body FROM search_delegation_documents
    WHERE subject_id IN (SELECT id FROM delegations WHERE actor_id = new.id);
END;
--> statement-breakpoint
CREATE TRIGGER `search_actors_delete` AFTER DELETE ON `actors` BEGIN
  DELETE FROM search_index WHERE rowid = old.id * 16 + 8;
END;
--> statement-breakpoint
-- Aliases are part of their actor's document.
CREATE TRIGGER `search_actor_aliases_insert` AFTER INSERT ON `actor_aliases` BEGIN
  DELETE FROM search_index WHERE rowid = new.actor_id * 16 + 8;
  INSERT INTO search_index (rowid, kind, subject_id, conflict_id, retracted, title, body)
    SELECT doc_id, kind, subject_id, conflict_id, retracted, title, body FROM search_actor_documents WHERE subject_id = new.actor_id;
END;
--> statement-breakpoint
CREATE TRIGGER `search_actor_aliases_update` AFTER UPDATE ON `actor_aliases` BEGIN
  DELETE FROM search_index WHERE rowid IN (old.actor_id * 16 + 8, new.actor_id * 16 + 8);
  INSERT INTO search_index (rowid, kind, subject_id, conflict_id, retracted, title, body)
    SELECT doc_id, kind, subject_id, conflict_id, retracted, title, body FROM search_actor_documents
    WHERE subject_id IN (old.actor_id, new.actor_id);
END;
--> statement-breakpoint
CREATE TRIGGER `search_actor_aliases_delete` AFTER DELETE ON `actor_aliases` BEGIN
  DELETE FROM search_index WHERE rowid = old.actor_id * 16 + 8;
  INSERT INTO search_index (rowid, kind, subject_id, conflict_id, retracted, title, body)
    SELECT doc_id, kind, subject_id, conflict_id, retracted, title, body FROM search_actor_documents WHERE subject_id = old.actor_id;
END;
--> statement-breakpoint
CREATE TRIGGER `search_sources_insert` AFTER INSERT ON `sources` BEGIN
  INSERT INTO search_index (rowid, kind, subject_id, conflict_id, retracted, title, body)
    SELECT doc_id, kind, subject_id, conflict_id, retracted, title, body FROM search_source_documents WHERE subject_id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER `search_sources_update` AFTER UPDATE ON `sources` BEGIN
  DELETE FROM search_index WHERE rowid = old.id * 16 + 9;
  INSERT INTO search_index (rowid, kind, subject_id, conflict_id, retracted, title, body)
    SELECT doc_id, kind, subject_id, conflict_id, retracted, title, body FROM search_source_documents WHERE subject_id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER `search_sources_delete` AFTER DELETE ON `sources` BEGIN
  DELETE FROM search_index WHERE rowid = old.id * 16 + 9;
END;
--> statement-breakpoint
CREATE TRIGGER `search_delegations_insert` AFTER INSERT ON `delegations` BEGIN
  INSERT INTO search_index (rowid, kind, subject_id, conflict_id, retracted, title, body)
    SELECT doc_id, kind, subject_id, conflict_id, retracted, title, body FROM search_delegation_documents WHERE subject_id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER `search_delegations_update` AFTER UPDATE ON `delegations` BEGIN
  DELETE FROM search_index WHERE rowid = old.id * 16 + 10;
  INSERT INTO search_index (rowid, kind, subject_id, conflict_id, retracted, title, body)
    SELECT doc_id, kind, subject_id, conflict_id, retracted, title, body FROM search_delegation_documents WHERE subject_id = new.id;
END;
--> statement-breakpoint
CREATE TRIGGER `search_delegations_delete` AFTER DELETE ON `delegations` BEGIN
  DELETE FROM search_index WHERE rowid = old.id * 16 + 10;
END;
--> statement-breakpoint
-- Members are part of their delegation's document, by their person's name.
CREATE TRIGGER `search_participations_insert` AFTER INSERT ON `participations` BEGIN
  DELETE FROM search_index WHERE rowid = new.delegation_id * 16 + 10;
  INSERT INTO search_index (rowid, kind, subject_id, conflict_id, retracted, title, body)
    SELECT doc_id, kind, subject_id, conflict_id, retracted, title, body FROM search_delegation_documents WHERE subject_id = new.delegation_id;
END;
--> statement-breakpoint
CREATE TRIGGER `search_participations_update` AFTER UPDATE ON `participations` BEGIN
  DELETE FROM search_index WHERE rowid IN (old.delegation_id * 16 + 10, new.delegation_id * 16 + 10);
  INSERT INTO search_index (rowid, kind, subject_id, conflict_id, retracted, title, body)
    SELECT doc_id, kind, subject_id, conflict_id, retracted, title, body FROM search_delegation_documents
    WHERE subject_id IN (old.delegation_id, new.delegation_id);
END;
--> statement-breakpoint
CREATE TRIGGER `search_participations_delete` AFTER DELETE ON `participations` BEGIN
  DELETE FROM search_index WHERE rowid = old.delegation_id * 16 + 10;
  INSERT INTO search_index (rowid, kind, subject_id, conflict_id, retracted, title, body)
    SELECT doc_id, kind, subject_id, conflict_id, retracted, title, body FROM search_delegation_documents WHERE subject_id = old.delegation_id;
END;
--> statement-breakpoint
CREATE TRIGGER `search_people_rename_delegations` AFTER UPDATE OF name ON `people` BEGIN
  DELETE FROM search_index WHERE rowid IN (
    SELECT delegation_id * 16 + 10 FROM participations WHERE person_id = new.id
  );
  INSERT INTO search_index (rowid, kind, subject_id, conflict_id, retracted, title, body)
    SELECT doc_id, kind, subject_id, conflict_id, retracted, title, body FROM search_delegation_documents
    WHERE subject_id IN (SELECT delegation_id FROM participations WHERE person_id = new.id);
END;
