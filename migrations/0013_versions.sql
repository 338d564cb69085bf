-- System-versioned tables (SQL:2011's system versioning, by triggers): for every table the read
-- API reads, `<table>_versions` holds each version of each row with the event ids it is valid for,
-- sys_from <= e < sys_to (sys_to NULL while current). An as-of read (src/db/as-of.ts) reads these
-- through temporary views named like the tables, so every read runs unchanged.
--
-- A version is stamped with the id of the event its command appends: commands write their rows
-- first and their event last, in one transaction, so that id is max(events.id) + 1 while the rows
-- are written. An update or a delete closes the current version at the same id; a version opened
-- and closed by the same event is deleted, never visible.
--
-- Existing rows are backfilled as they are now, from the first event about them (or about the fact
-- they belong to), else 0: their earlier versions were not kept and are not rebuilt.
--
-- Each index of a table is repeated on its versions, non-unique and with (sys_from, sys_to)
-- appended, so an as-of read takes the same access path as the present one. Written by
-- scripts/versions-migration.ts from src/db/versions.ts.
-- asOf(at:) looks the newest event recorded by a time up here.
CREATE INDEX `events_recorded_at_idx` ON `events` (`recorded_at`,`id`);
--> statement-breakpoint
CREATE TABLE "conflicts_versions" (
  version_id integer PRIMARY KEY,
  "id" integer,
  "slug" text,
  "name" text,
  "description" text,
  "date_start" text,
  "date_end" text,
  "date_precision" text,
  "date_text" text,
  "recorded_at" integer,
  sys_from integer NOT NULL,
  sys_to integer
);
--> statement-breakpoint
INSERT INTO "conflicts_versions" ("id", "slug", "name", "description", "date_start", "date_end", "date_precision", "date_text", "recorded_at", sys_from)
  SELECT t."id", t."slug", t."name", t."description", t."date_start", t."date_end", t."date_precision", t."date_text", t."recorded_at", coalesce((SELECT min(e.id) FROM events e WHERE e.subject_type = 'CONFLICT' AND e.subject_id = t."id"), 0) FROM "conflicts" t ORDER BY t.id;
--> statement-breakpoint
CREATE INDEX "conflicts_versions_id" ON "conflicts_versions" (id, sys_from);
--> statement-breakpoint
CREATE INDEX "conflicts_versions_closed" ON "conflicts_versions" (sys_to) WHERE sys_to IS NOT NULL;
--> statement-breakpoint
CREATE INDEX "conflicts_slug_unique_v" ON "conflicts_versions" (`slug`, sys_from, sys_to);
--> statement-breakpoint
CREATE TRIGGER "conflicts_versions_insert" AFTER INSERT ON "conflicts" BEGIN
  INSERT INTO "conflicts_versions" ("id", "slug", "name", "description", "date_start", "date_end", "date_precision", "date_text", "recorded_at", sys_from) VALUES (new."id", new."slug", new."name", new."description", new."date_start", new."date_end", new."date_precision", new."date_text", new."recorded_at", (SELECT coalesce(max(id), 0) + 1 FROM events));
END;
--> statement-breakpoint
CREATE TRIGGER "conflicts_versions_update" AFTER UPDATE ON "conflicts" BEGIN
  DELETE FROM "conflicts_versions" WHERE id = old.id AND sys_to IS NULL AND sys_from = (SELECT coalesce(max(id), 0) + 1 FROM events);
  UPDATE "conflicts_versions" SET sys_to = (SELECT coalesce(max(id), 0) + 1 FROM events) WHERE id = old.id AND sys_to IS NULL;
  INSERT INTO "conflicts_versions" ("id", "slug", "name", "description", "date_start", "date_end", "date_precision", "date_text", "recorded_at", sys_from) VALUES (new."id", new."slug", new."name", new."description", new."date_start", new."date_end", new."date_precision", new."date_text", new."recorded_at", (SELECT coalesce(max(id), 0) + 1 FROM events));
END;
--> statement-breakpoint
CREATE TRIGGER "conflicts_versions_delete" AFTER DELETE ON "conflicts" BEGIN
  DELETE FROM "conflicts_versions" WHERE id = old.id AND sys_to IS NULL AND sys_from = (SELECT coalesce(max(id), 0) + 1 FROM events);
  UPDATE "conflicts_versions" SET sys_to = (SELECT coalesce(max(id), 0) + 1 FROM events) WHERE id = old.id AND sys_to IS NULL;
END;
--> statement-breakpoint
CREATE TABLE "actors_versions" (
  version_id integer PRIMARY KEY,
  "id" integer,
  "name" text,
  "kind" text,
  "parent_id" integer,
  "country_code" text,
  "description" text,
  "recorded_at" integer,
  sys_from integer NOT NULL,
  sys_to integer
);
--> statement-breakpoint
INSERT INTO "actors_versions" ("id", "name", "kind", "parent_id", "country_code", "description", "recorded_at", sys_from)
  SELECT t."id", t."name", t."kind", t."parent_id", t."country_code", t."description", t."recorded_at", coalesce((SELECT min(e.id) FROM events e WHERE e.subject_type = 'ACTOR' AND e.subject_id = t."id"), 0) FROM "actors" t ORDER BY t.id;
--> statement-breakpoint
CREATE INDEX "actors_versions_id" ON "actors_versions" (id, sys_from);
--> statement-breakpoint
CREATE INDEX "actors_versions_closed" ON "actors_versions" (sys_to) WHERE sys_to IS NOT NULL;
--> statement-breakpoint
CREATE INDEX "actors_name_unique_v" ON "actors_versions" (`name`, sys_from, sys_to);
--> statement-breakpoint
CREATE INDEX "actors_parent_idx_v" ON "actors_versions" (`parent_id`, sys_from, sys_to);
--> statement-breakpoint
CREATE TRIGGER "actors_versions_insert" AFTER INSERT ON "actors" BEGIN
  INSERT INTO "actors_versions" ("id", "name", "kind", "parent_id", "country_code", "description", "recorded_at", sys_from) VALUES (new."id", new."name", new."kind", new."parent_id", new."country_code", new."description", new."recorded_at", (SELECT coalesce(max(id), 0) + 1 FROM events));
END;
--> statement-breakpoint
CREATE TRIGGER "actors_versions_update" AFTER UPDATE ON "actors" BEGIN
  DELETE FROM "actors_versions" WHERE id = old.id AND sys_to IS NULL AND sys_from = (SELECT coalesce(max(id), 0) + 1 FROM events);
  UPDATE "actors_versions" SET sys_to = (SELECT coalesce(max(id), 0) + 1 FROM events) WHERE id = old.id AND sys_to IS NULL;
  INSERT INTO "actors_versions" ("id", "name", "kind", "parent_id", "country_code", "description", "recorded_at", sys_from) VALUES (new."id", new."name", new."kind", new."parent_id", new."country_code", new."description", new."recorded_at", (SELECT coalesce(max(id), 0) + 1 FROM events));
END;
--> statement-breakpoint
CREATE TRIGGER "actors_versions_delete" AFTER DELETE ON "actors" BEGIN
  DELETE FROM "actors_versions" WHERE id = old.id AND sys_to IS NULL AND sys_from = (SELECT coalesce(max(id), 0) + 1 FROM events);
  UPDATE "actors_versions" SET sys_to = (SELECT coalesce(max(id), 0) + 1 FROM events) WHERE id = old.id AND sys_to IS NULL;
END;
--> statement-breakpoint
CREATE TABLE "actor_aliases_versions" (
  version_id integer PRIMARY KEY,
  "id" integer,
  "actor_id" integer,
  "alias" text,
  sys_from integer NOT NULL,
  sys_to integer
);
--> statement-breakpoint
INSERT INTO "actor_aliases_versions" ("id", "actor_id", "alias", sys_from)
  SELECT t."id", t."actor_id", t."alias", coalesce((SELECT min(e.id) FROM events e WHERE e.subject_type = 'ACTOR' AND e.subject_id = t."actor_id"), 0) FROM "actor_aliases" t ORDER BY t.id;
--> statement-breakpoint
CREATE INDEX "actor_aliases_versions_id" ON "actor_aliases_versions" (id, sys_from);
--> statement-breakpoint
CREATE INDEX "actor_aliases_versions_closed" ON "actor_aliases_versions" (sys_to) WHERE sys_to IS NOT NULL;
--> statement-breakpoint
CREATE INDEX "actor_aliases_versions_opened" ON "actor_aliases_versions" (sys_from);
--> statement-breakpoint
CREATE INDEX "actor_aliases_alias_idx_v" ON "actor_aliases_versions" ("alias" COLLATE NOCASE, sys_from, sys_to);
--> statement-breakpoint
CREATE INDEX "actor_aliases_unique_v" ON "actor_aliases_versions" (`actor_id`,"alias" COLLATE NOCASE, sys_from, sys_to);
--> statement-breakpoint
CREATE TRIGGER "actor_aliases_versions_insert" AFTER INSERT ON "actor_aliases" BEGIN
  INSERT INTO "actor_aliases_versions" ("id", "actor_id", "alias", sys_from) VALUES (new."id", new."actor_id", new."alias", (SELECT coalesce(max(id), 0) + 1 FROM events));
END;
--> statement-breakpoint
CREATE TRIGGER "actor_aliases_versions_update" AFTER UPDATE ON "actor_aliases" BEGIN
  DELETE FROM "actor_aliases_versions" WHERE id = old.id AND sys_to IS NULL AND sys_from = (SELECT coalesce(max(id), 0) + 1 FROM events);
  UPDATE "actor_aliases_versions" SET sys_to = (SELECT coalesce(max(id), 0) + 1 FROM events) WHERE id = old.id AND sys_to IS NULL;
  INSERT INTO "actor_aliases_versions" ("id", "actor_id", "alias", sys_from) VALUES (new."id", new."actor_id", new."alias", (SELECT coalesce(max(id), 0) + 1 FROM events));
END;
--> statement-breakpoint
CREATE TRIGGER "actor_aliases_versions_delete" AFTER DELETE ON "actor_aliases" BEGIN
  DELETE FROM "actor_aliases_versions" WHERE id = old.id AND sys_to IS NULL AND sys_from = (SELECT coalesce(max(id), 0) + 1 FROM events);
  UPDATE "actor_aliases_versions" SET sys_to = (SELECT coalesce(max(id), 0) + 1 FROM events) WHERE id = old.id AND sys_to IS NULL;
END;
--> statement-breakpoint
CREATE TABLE "people_versions" (
  version_id integer PRIMARY KEY,
  "id" integer,
  "name" text,
  "description" text,
  "recorded_at" integer,
  sys_from integer NOT NULL,
  sys_to integer
);
--> statement-breakpoint
INSERT INTO "people_versions" ("id", "name", "description", "recorded_at", sys_from)
  SELECT t."id", t."name", t."description", t."recorded_at", coalesce((SELECT min(e.id) FROM events e WHERE e.subject_type = 'PERSON' AND e.subject_id = t."id"), 0) FROM "people" t ORDER BY t.id;
--> statement-breakpoint
CREATE INDEX "people_versions_id" ON "people_versions" (id, sys_from);
--> statement-breakpoint
CREATE INDEX "people_versions_closed" ON "people_versions" (sys_to) WHERE sys_to IS NOT NULL;
--> statement-breakpoint
CREATE INDEX "people_name_idx_v" ON "people_versions" (`name`,`id`, sys_from, sys_to);
--> statement-breakpoint
CREATE TRIGGER "people_versions_insert" AFTER INSERT ON "people" BEGIN
  INSERT INTO "people_versions" ("id", "name", "description", "recorded_at", sys_from) VALUES (new."id", new."name", new."description", new."recorded_at", (SELECT coalesce(max(id), 0) + 1 FROM events));
END;
--> statement-breakpoint
CREATE TRIGGER "people_versions_update" AFTER UPDATE ON "people" BEGIN
  DELETE FROM "people_versions" WHERE id = old.id AND sys_to IS NULL AND sys_from = (SELECT coalesce(max(id), 0) + 1 FROM events);
  UPDATE "people_versions" SET sys_to = (SELECT coalesce(max(id), 0) + 1 FROM events) WHERE id = old.id AND sys_to IS NULL;
  INSERT INTO "people_versions" ("id", "name", "description", "recorded_at", sys_from) VALUES (new."id", new."name", new."description", new."recorded_at", (SELECT coalesce(max(id), 0) + 1 FROM events));
END;
--> statement-breakpoint
CREATE TRIGGER "people_versions_delete" AFTER DELETE ON "people" BEGIN
  DELETE FROM "people_versions" WHERE id = old.id AND sys_to IS NULL AND sys_from = (SELECT coalesce(max(id), 0) + 1 FROM events);
  UPDATE "people_versions" SET sys_to = (SELECT coalesce(max(id), 0) + 1 FROM events) WHERE id = old.id AND sys_to IS NULL;
END;
--> statement-breakpoint
CREATE TABLE "person_aliases_versions" (
  version_id integer PRIMARY KEY,
  "id" integer,
  "person_id" integer,
  "alias" text,
  sys_from integer NOT NULL,
  sys_to integer
);
--> statement-breakpoint
INSERT INTO "person_aliases_versions" ("id", "person_id", "alias", sys_from)
  SELECT t."id", t."person_id", t."alias", coalesce((SELECT min(e.id) FROM events e WHERE e.subject_type = 'PERSON' AND e.subject_id = t."person_id"), 0) FROM "person_aliases" t ORDER BY t.id;
--> statement-breakpoint
CREATE INDEX "person_aliases_versions_id" ON "person_aliases_versions" (id, sys_from);
--> statement-breakpoint
CREATE INDEX "person_aliases_versions_closed" ON "person_aliases_versions" (sys_to) WHERE sys_to IS NOT NULL;
--> statement-breakpoint
CREATE INDEX "person_aliases_versions_opened" ON "person_aliases_versions" (sys_from);
--> statement-breakpoint
CREATE INDEX "person_aliases_alias_idx_v" ON "person_aliases_versions" ("alias" COLLATE NOCASE, sys_from, sys_to);
--> statement-breakpoint
CREATE INDEX "person_aliases_unique_v" ON "person_aliases_versions" (`person_id`,"alias" COLLATE NOCASE, sys_from, sys_to);
--> statement-breakpoint
CREATE TRIGGER "person_aliases_versions_insert" AFTER INSERT ON "person_aliases" BEGIN
  INSERT INTO "person_aliases_versions" ("id", "person_id", "alias", sys_from) VALUES (new."id", new."person_id", new."alias", (SELECT coalesce(max(id), 0) + 1 FROM events));
END;
--> statement-breakpoint
CREATE TRIGGER "person_aliases_versions_update" AFTER UPDATE ON "person_aliases" BEGIN
  DELETE FROM "person_aliases_versions" WHERE id = old.id AND sys_to IS NULL AND sys_from = (SELECT coalesce(max(id), 0) + 1 FROM events);
  UPDATE "person_aliases_versions" SET sys_to = (SELECT coalesce(max(id), 0) + 1 FROM events) WHERE id = old.id AND sys_to IS NULL;
  INSERT INTO "person_aliases_versions" ("id", "person_id", "alias", sys_from) VALUES (new."id", new."person_id", new."alias", (SELECT coalesce(max(id), 0) + 1 FROM events));
END;
--> statement-breakpoint
CREATE TRIGGER "person_aliases_versions_delete" AFTER DELETE ON "person_aliases" BEGIN
  DELETE FROM "person_aliases_versions" WHERE id = old.id AND sys_to IS NULL AND sys_from = (SELECT coalesce(max(id), 0) + 1 FROM events);
  UPDATE "person_aliases_versions" SET sys_to = (SELECT coalesce(max(id), 0) + 1 FROM events) WHERE id = old.id AND sys_to IS NULL;
END;
--> statement-breakpoint
CREATE TABLE "person_titles_versions" (
  version_id integer PRIMARY KEY,
  "id" integer,
  "person_id" integer,
  "title" text,
  "actor_id" integer,
  "valid_from" text,
  "valid_to" text,
  sys_from integer NOT NULL,
  sys_to integer
);
--> statement-breakpoint
INSERT INTO "person_titles_versions" ("id", "person_id", "title", "actor_id", "valid_from", "valid_to", sys_from)
  SELECT t."id", t."person_id", t."title", t."actor_id", t."valid_from", t."valid_to", coalesce((SELECT min(e.id) FROM events e WHERE e.subject_type = 'PERSON_TITLE' AND e.subject_id = t."id"), (SELECT min(e.id) FROM events e WHERE e.subject_type = 'PERSON' AND e.subject_id = t."person_id"), 0) FROM "person_titles" t ORDER BY t.id;
--> statement-breakpoint
CREATE INDEX "person_titles_versions_id" ON "person_titles_versions" (id, sys_from);
--> statement-breakpoint
CREATE INDEX "person_titles_versions_closed" ON "person_titles_versions" (sys_to) WHERE sys_to IS NOT NULL;
--> statement-breakpoint
CREATE INDEX "person_titles_versions_opened" ON "person_titles_versions" (sys_from);
--> statement-breakpoint
CREATE INDEX "person_titles_person_idx_v" ON "person_titles_versions" (`person_id`,`id`, sys_from, sys_to);
--> statement-breakpoint
CREATE TRIGGER "person_titles_versions_insert" AFTER INSERT ON "person_titles" BEGIN
  INSERT INTO "person_titles_versions" ("id", "person_id", "title", "actor_id", "valid_from", "valid_to", sys_from) VALUES (new."id", new."person_id", new."title", new."actor_id", new."valid_from", new."valid_to", (SELECT coalesce(max(id), 0) + 1 FROM events));
END;
--> statement-breakpoint
CREATE TRIGGER "person_titles_versions_update" AFTER UPDATE ON "person_titles" BEGIN
  DELETE FROM "person_titles_versions" WHERE id = old.id AND sys_to IS NULL AND sys_from = (SELECT coalesce(max(id), 0) + 1 FROM events);
  UPDATE "person_titles_versions" SET sys_to = (SELECT coalesce(max(id), 0) + 1 FROM events) WHERE id = old.id AND sys_to IS NULL;
  INSERT INTO "person_titles_versions" ("id", "person_id", "title", "actor_id", "valid_from", "valid_to", sys_from) VALUES (new."id", new."person_id", new."title", new."actor_id", new."valid_from", new."valid_to", (SELECT coalesce(max(id), 0) + 1 FROM events));
END;
--> statement-breakpoint
CREATE TRIGGER "person_titles_versions_delete" AFTER DELETE ON "person_titles" BEGIN
  DELETE FROM "person_titles_versions" WHERE id = old.id AND sys_to IS NULL AND sys_from = (SELECT coalesce(max(id), 0) + 1 FROM events);
  UPDATE "person_titles_versions" SET sys_to = (SELECT coalesce(max(id), 0) + 1 FROM events) WHERE id = old.id AND sys_to IS NULL;
END;
--> statement-breakpoint
CREATE TABLE "talks_versions" (
  version_id integer PRIMARY KEY,
  "id" integer,
  "conflict_id" integer,
  "title" text,
  "round" integer,
  "venue_city" text,
  "venue_country" text,
  "host_actor_id" integer,
  "status" text,
  "description" text,
  "date_start" text,
  "date_end" text,
  "date_precision" text,
  "date_text" text,
  "recorded_at" integer,
  sys_from integer NOT NULL,
  sys_to integer
);
--> statement-breakpoint
INSERT INTO "talks_versions" ("id", "conflict_id", "title", "round", "venue_city", "venue_country", "host_actor_id", "status", "description", "date_start", "date_end", "date_precision", "date_text", "recorded_at", sys_from)
  SELECT t."id", t."conflict_id", t."title", t."round", t."venue_city", t."venue_country", t."host_actor_id", t."status", t."description", t."date_start", t."date_end", t."date_precision", t."date_text", t."recorded_at", coalesce((SELECT min(e.id) FROM events e WHERE e.subject_type = 'TALK' AND e.subject_id = t."id"), 0) FROM "talks" t ORDER BY t.id;
--> statement-breakpoint
CREATE INDEX "talks_versions_id" ON "talks_versions" (id, sys_from);
--> statement-breakpoint
CREATE INDEX "talks_versions_closed" ON "talks_versions" (sys_to) WHERE sys_to IS NOT NULL;
--> statement-breakpoint
CREATE INDEX "talks_conflict_date_idx_v" ON "talks_versions" (`conflict_id`,`date_start`,`id`, sys_from, sys_to);
--> statement-breakpoint
CREATE INDEX "talks_conflict_round_unique_v" ON "talks_versions" (`conflict_id`,`round`, sys_from, sys_to);
--> statement-breakpoint
CREATE INDEX "talks_date_idx_v" ON "talks_versions" (`date_start`,`id`, sys_from, sys_to);
--> statement-breakpoint
CREATE INDEX "talks_status_date_idx_v" ON "talks_versions" (`status`,`date_start`,`id`, sys_from, sys_to);
--> statement-breakpoint
CREATE TRIGGER "talks_versions_insert" AFTER INSERT ON "talks" BEGIN
  INSERT INTO "talks_versions" ("id", "conflict_id", "title", "round", "venue_city", "venue_country", "host_actor_id", "status", "description", "date_start", "date_end", "date_precision", "date_text", "recorded_at", sys_from) VALUES (new."id", new."conflict_id", new."title", new."round", new."venue_city", new."venue_country", new."host_actor_id", new."status", new."description", new."date_start", new."date_end", new."date_precision", new."date_text", new."recorded_at", (SELECT coalesce(max(id), 0) + 1 FROM events));
END;
--> statement-breakpoint
CREATE TRIGGER "talks_versions_update" AFTER UPDATE ON "talks" BEGIN
  DELETE FROM "talks_versions" WHERE id = old.id AND sys_to IS NULL AND sys_from = (SELECT coalesce(max(id), 0) + 1 FROM events);
  UPDATE "talks_versions" SET sys_to = (SELECT coalesce(max(id), 0) + 1 FROM events) WHERE id = old.id AND sys_to IS NULL;
  INSERT INTO "talks_versions" ("id", "conflict_id", "title", "round", "venue_city", "venue_country", "host_actor_id", "status", "description", "date_start", "date_end", "date_precision", "date_text", "recorded_at", sys_from) VALUES (new."id", new."conflict_id", new."title", new."round", new."venue_city", new."venue_country", new."host_actor_id", new."status", new."description", new."date_start", new."date_end", new."date_precision", new."date_text", new."recorded_at", (SELECT coalesce(max(id), 0) + 1 FROM events));
END;
--> statement-breakpoint
CREATE TRIGGER "talks_versions_delete" AFTER DELETE ON "talks" BEGIN
  DELETE FROM "talks_versions" WHERE id = old.id AND sys_to IS NULL AND sys_from = (SELECT coalesce(max(id), 0) + 1 FROM events);
  UPDATE "talks_versions" SET sys_to = (SELECT coalesce(max(id), 0) + 1 FROM events) WHERE id = old.id AND sys_to IS NULL;
END;
--> statement-breakpoint
CREATE TABLE "talk_outcomes_versions" (
  version_id integer PRIMARY KEY,
  "id" integer,
  "talk_id" integer,
  "description" text,
  "achieved" integer,
  sys_from integer NOT NULL,
  sys_to integer
);
--> statement-breakpoint
INSERT INTO "talk_outcomes_versions" ("id", "talk_id", "description", "achieved", sys_from)
  SELECT t."id", t."talk_id", t."description", t."achieved", coalesce((SELECT min(e.id) FROM events e WHERE e.subject_type = 'TALK_OUTCOME' AND e.subject_id = t."id"), (SELECT min(e.id) FROM events e WHERE e.subject_type = 'TALK' AND e.subject_id = t."talk_id"), 0) FROM "talk_outcomes" t ORDER BY t.id;
--> statement-breakpoint
CREATE INDEX "talk_outcomes_versions_id" ON "talk_outcomes_versions" (id, sys_from);
--> statement-breakpoint
CREATE INDEX "talk_outcomes_versions_closed" ON "talk_outcomes_versions" (sys_to) WHERE sys_to IS NOT NULL;
--> statement-breakpoint
CREATE INDEX "talk_outcomes_talk_idx_v" ON "talk_outcomes_versions" (`talk_id`,`id`, sys_from, sys_to);
--> statement-breakpoint
CREATE TRIGGER "talk_outcomes_versions_insert" AFTER INSERT ON "talk_outcomes" BEGIN
  INSERT INTO "talk_outcomes_versions" ("id", "talk_id", "description", "achieved", sys_from) VALUES (new."id", new."talk_id", new."description", new."achieved", (SELECT coalesce(max(id), 0) + 1 FROM events));
END;
--> statement-breakpoint
CREATE TRIGGER "talk_outcomes_versions_update" AFTER UPDATE ON "talk_outcomes" BEGIN
  DELETE FROM "talk_outcomes_versions" WHERE id = old.id AND sys_to IS NULL AND sys_from = (SELECT coalesce(max(id), 0) + 1 FROM events);
  UPDATE "talk_outcomes_versions" SET sys_to = (SELECT coalesce(max(id), 0) + 1 FROM events) WHERE id = old.id AND sys_to IS NULL;
  INSERT INTO "talk_outcomes_versions" ("id", "talk_id", "description", "achieved", sys_from) VALUES (new."id", new."talk_id", new."description", new."achieved", (SELECT coalesce(max(id), 0) + 1 FROM events));
END;
--> statement-breakpoint
CREATE TRIGGER "talk_outcomes_versions_delete" AFTER DELETE ON "talk_outcomes" BEGIN
  DELETE FROM "talk_outcomes_versions" WHERE id = old.id AND sys_to IS NULL AND sys_from = (SELECT coalesce(max(id), 0) + 1 FROM events);
  UPDATE "talk_outcomes_versions" SET sys_to = (SELECT coalesce(max(id), 0) + 1 FROM events) WHERE id = old.id AND sys_to IS NULL;
END;
--> statement-breakpoint
CREATE TABLE "delegations_versions" (
  version_id integer PRIMARY KEY,
  "id" integer,
  "talk_id" integer,
  "actor_id" integer,
  "role" text,
  "attendance" text,
  "description" text,
  sys_from integer NOT NULL,
  sys_to integer
);
--> statement-breakpoint
INSERT INTO "delegations_versions" ("id", "talk_id", "actor_id", "role", "attendance", "description", sys_from)
  SELECT t."id", t."talk_id", t."actor_id", t."role", t."attendance", t."description", coalesce((SELECT min(e.id) FROM events e WHERE e.subject_type = 'DELEGATION' AND e.subject_id = t."id"), (SELECT min(e.id) FROM events e WHERE e.subject_type = 'TALK' AND e.subject_id = t."talk_id"), 0) FROM "delegations" t ORDER BY t.id;
--> statement-breakpoint
CREATE INDEX "delegations_versions_id" ON "delegations_versions" (id, sys_from);
--> statement-breakpoint
CREATE INDEX "delegations_versions_closed" ON "delegations_versions" (sys_to) WHERE sys_to IS NOT NULL;
--> statement-breakpoint
CREATE INDEX "delegations_actor_idx_v" ON "delegations_versions" (`actor_id`, sys_from, sys_to);
--> statement-breakpoint
CREATE INDEX "delegations_talk_actor_unique_v" ON "delegations_versions" (`talk_id`,`actor_id`, sys_from, sys_to);
--> statement-breakpoint
CREATE TRIGGER "delegations_versions_insert" AFTER INSERT ON "delegations" BEGIN
  INSERT INTO "delegations_versions" ("id", "talk_id", "actor_id", "role", "attendance", "description", sys_from) VALUES (new."id", new."talk_id", new."actor_id", new."role", new."attendance", new."description", (SELECT coalesce(max(id), 0) + 1 FROM events));
END;
--> statement-breakpoint
CREATE TRIGGER "delegations_versions_update" AFTER UPDATE ON "delegations" BEGIN
  DELETE FROM "delegations_versions" WHERE id = old.id AND sys_to IS NULL AND sys_from = (SELECT coalesce(max(id), 0) + 1 FROM events);
  UPDATE "delegations_versions" SET sys_to = (SELECT coalesce(max(id), 0) + 1 FROM events) WHERE id = old.id AND sys_to IS NULL;
  INSERT INTO "delegations_versions" ("id", "talk_id", "actor_id", "role", "attendance", "description", sys_from) VALUES (new."id", new."talk_id", new."actor_id", new."role", new."attendance", new."description", (SELECT coalesce(max(id), 0) + 1 FROM events));
END;
--> statement-breakpoint
CREATE TRIGGER "delegations_versions_delete" AFTER DELETE ON "delegations" BEGIN
  DELETE FROM "delegations_versions" WHERE id = old.id AND sys_to IS NULL AND sys_from = (SELECT coalesce(max(id), 0) + 1 FROM events);
  UPDATE "delegations_versions" SET sys_to = (SELECT coalesce(max(id), 0) + 1 FROM events) WHERE id = old.id AND sys_to IS NULL;
END;
--> statement-breakpoint
CREATE TABLE "participations_versions" (
  version_id integer PRIMARY KEY,
  "id" integer,
  "delegation_id" integer,
  "person_id" integer,
  "role" text,
  "description" text,
  sys_from integer NOT NULL,
  sys_to integer
);
--> statement-breakpoint
INSERT INTO "participations_versions" ("id", "delegation_id", "person_id", "role", "description", sys_from)
  SELECT t."id", t."delegation_id", t."person_id", t."role", t."description", coalesce((SELECT min(e.id) FROM events e WHERE e.subject_type = 'PARTICIPATION' AND e.subject_id = t."id"), (SELECT min(e.id) FROM events e WHERE e.subject_type = 'DELEGATION' AND e.subject_id = t."delegation_id"), 0) FROM "participations" t ORDER BY t.id;
--> statement-breakpoint
CREATE INDEX "participations_versions_id" ON "participations_versions" (id, sys_from);
--> statement-breakpoint
CREATE INDEX "participations_versions_closed" ON "participations_versions" (sys_to) WHERE sys_to IS NOT NULL;
--> statement-breakpoint
CREATE INDEX "participations_versions_opened" ON "participations_versions" (sys_from);
--> statement-breakpoint
CREATE INDEX "participations_delegation_idx_v" ON "participations_versions" (`delegation_id`,`id`, sys_from, sys_to);
--> statement-breakpoint
CREATE INDEX "participations_person_idx_v" ON "participations_versions" (`person_id`, sys_from, sys_to);
--> statement-breakpoint
CREATE TRIGGER "participations_versions_insert" AFTER INSERT ON "participations" BEGIN
  INSERT INTO "participations_versions" ("id", "delegation_id", "person_id", "role", "description", sys_from) VALUES (new."id", new."delegation_id", new."person_id", new."role", new."description", (SELECT coalesce(max(id), 0) + 1 FROM events));
END;
--> statement-breakpoint
CREATE TRIGGER "participations_versions_update" AFTER UPDATE ON "participations" BEGIN
  DELETE FROM "participations_versions" WHERE id = old.id AND sys_to IS NULL AND sys_from = (SELECT coalesce(max(id), 0) + 1 FROM events);
  UPDATE "participations_versions" SET sys_to = (SELECT coalesce(max(id), 0) + 1 FROM events) WHERE id = old.id AND sys_to IS NULL;
  INSERT INTO "participations_versions" ("id", "delegation_id", "person_id", "role", "description", sys_from) VALUES (new."id", new."delegation_id", new."person_id", new."role", new."description", (SELECT coalesce(max(id), 0) + 1 FROM events));
END;
--> statement-breakpoint
CREATE TRIGGER "participations_versions_delete" AFTER DELETE ON "participations" BEGIN
  DELETE FROM "participations_versions" WHERE id = old.id AND sys_to IS NULL AND sys_from = (SELECT coalesce(max(id), 0) + 1 FROM events);
  UPDATE "participations_versions" SET sys_to = (SELECT coalesce(max(id), 0) + 1 FROM events) WHERE id = old.id AND sys_to IS NULL;
END;
--> statement-breakpoint
CREATE TABLE "incidents_versions" (
  version_id integer PRIMARY KEY,
  "id" integer,
  "conflict_id" integer,
  "event_type" text,
  "sub_event_type" text,
  "title" text,
  "description" text,
  "location_name" text,
  "region" text,
  "country" text,
  "latitude" real,
  "longitude" real,
  "responded_to_id" integer,
  "talk_id" integer,
  "date_start" text,
  "date_end" text,
  "date_precision" text,
  "date_text" text,
  "revision" integer,
  "retracted_at" integer,
  "retraction_reason" text,
  "recorded_at" integer,
  "external_id" text,
  "world_region" text,
  "iso" integer,
  "admin2" text,
  "admin3" text,
  "geo_precision" integer,
  "time_precision" integer,
  "disorder_type" text,
  "civilian_targeting" integer,
  "interaction" text,
  "source_scale" text,
  "tags" text,
  sys_from integer NOT NULL,
  sys_to integer
);
--> statement-breakpoint
INSERT INTO "incidents_versions" ("id", "conflict_id", "event_type", "sub_event_type", "title", "description", "location_name", "region", "country", "latitude", "longitude", "responded_to_id", "talk_id", "date_start", "date_end", "date_precision", "date_text", "revision", "retracted_at", "retraction_reason", "recorded_at", "external_id", "world_region", "iso", "admin2", "admin3", "geo_precision", "time_precision", "disorder_type", "civilian_targeting", "interaction", "source_scale", "tags", sys_from)
  SELECT t."id", t."conflict_id", t."event_type", t."sub_event_type", t."title", t."description", t."location_name", t."region", t."country", t."latitude", t."longitude", t."responded_to_id", t."talk_id", t."date_start", t."date_end", t."date_precision", t."date_text", t."revision", t."retracted_at", t."retraction_reason", t."recorded_at", t."external_id", t."world_region", t."iso", t."admin2", t."admin3", t."geo_precision", t."time_precision", t."disorder_type", t."civilian_targeting", t."interaction", t."source_scale", t."tags", coalesce((SELECT min(e.id) FROM events e WHERE e.subject_type = 'INCIDENT' AND e.subject_id = t."id"), 0) FROM "incidents" t ORDER BY t.id;
--> statement-breakpoint
CREATE INDEX "incidents_versions_id" ON "incidents_versions" (id, sys_from);
--> statement-breakpoint
CREATE INDEX "incidents_versions_closed" ON "incidents_versions" (sys_to) WHERE sys_to IS NOT NULL;
--> statement-breakpoint
CREATE INDEX "incidents_conflict_date_idx_v" ON "incidents_versions" (`conflict_id`,`date_start`,`id`, sys_from, sys_to);
--> statement-breakpoint
CREATE INDEX "incidents_conflict_external_unique_v" ON "incidents_versions" (`conflict_id`,`external_id`, sys_from, sys_to);
--> statement-breakpoint
CREATE INDEX "incidents_conflict_type_date_idx_v" ON "incidents_versions" (`conflict_id`,`event_type`,`date_start`,`id`, sys_from, sys_to);
--> statement-breakpoint
CREATE INDEX "incidents_date_idx_v" ON "incidents_versions" (`date_start`,`id`, sys_from, sys_to);
--> statement-breakpoint
CREATE INDEX "incidents_responded_to_idx_v" ON "incidents_versions" (`responded_to_id`, sys_from, sys_to);
--> statement-breakpoint
CREATE INDEX "incidents_retracted_idx_v" ON "incidents_versions" (`id`, sys_from, sys_to) WHERE `retracted_at` IS NOT NULL;
--> statement-breakpoint
CREATE INDEX "incidents_talk_date_idx_v" ON "incidents_versions" (`talk_id`,`date_start`,`id`, sys_from, sys_to);
--> statement-breakpoint
CREATE INDEX "incidents_type_date_idx_v" ON "incidents_versions" (`event_type`,`date_start`,`id`, sys_from, sys_to);
--> statement-breakpoint
CREATE TRIGGER "incidents_versions_insert" AFTER INSERT ON "incidents" BEGIN
  INSERT INTO "incidents_versions" ("id", "conflict_id", "event_type", "sub_event_type", "title", "description", "location_name", "region", "country", "latitude", "longitude", "responded_to_id", "talk_id", "date_start", "date_end", "date_precision", "date_text", "revision", "retracted_at", "retraction_reason", "recorded_at", "external_id", "world_region", "iso", "admin2", "admin3", "geo_precision", "time_precision", "disorder_type", "civilian_targeting", "interaction", "source_scale", "tags", sys_from) VALUES (new."id", new."conflict_id", new."event_type", new."sub_event_type", new."title", new."description", new."location_name", new."region", new."country", new."latitude", new."longitude", new."responded_to_id", new."talk_id", new."date_start", new."date_end", new."date_precision", new."date_text", new."revision", new."retracted_at", new."retraction_reason", new."recorded_at", new."external_id", new."world_region", new."iso", new."admin2", new."admin3", new."geo_precision", new."time_precision", new."disorder_type", new."civilian_targeting", new."interaction", new."source_scale", new."tags", (SELECT coalesce(max(id), 0) + 1 FROM events));
END;
--> statement-breakpoint
CREATE TRIGGER "incidents_versions_update" AFTER UPDATE ON "incidents" BEGIN
  DELETE FROM "incidents_versions" WHERE id = old.id AND sys_to IS NULL AND sys_from = (SELECT coalesce(max(id), 0) + 1 FROM events);
  UPDATE "incidents_versions" SET sys_to = (SELECT coalesce(max(id), 0) + 1 FROM events) WHERE id = old.id AND sys_to IS NULL;
  INSERT INTO "incidents_versions" ("id", "conflict_id", "event_type", "sub_event_type", "title", "description", "location_name", "region", "country", "latitude", "longitude", "responded_to_id", "talk_id", "date_start", "date_end", "date_precision", "date_text", "revision", "retracted_at", "retraction_reason", "recorded_at", "external_id", "world_region", "iso", "admin2", "admin3", "geo_precision", "time_precision", "disorder_type", "civilian_targeting", "interaction", "source_scale", "tags", sys_from) VALUES (new."id", new."conflict_id", new."event_type", new."sub_event_type", new."title", new."description", new."location_name", new."region", new."country", new."latitude", new."longitude", new."responded_to_id", new."talk_id", new."date_start", new."date_end", new."date_precision", new."date_text", new."revision", new."retracted_at", new."retraction_reason", new."recorded_at", new."external_id", new."world_region", new."iso", new."admin2", new."admin3", new."geo_precision", new."time_precision", new."disorder_type", new."civilian_targeting", new."interaction", new."source_scale", new."tags", (SELECT coalesce(max(id), 0) + 1 FROM events));
END;
--> statement-breakpoint
CREATE TRIGGER "incidents_versions_delete" AFTER DELETE ON "incidents" BEGIN
  DELETE FROM "incidents_versions" WHERE id = old.id AND sys_to IS NULL AND sys_from = (SELECT coalesce(max(id), 0) + 1 FROM events);
  UPDATE "incidents_versions" SET sys_to = (SELECT coalesce(max(id), 0) + 1 FROM events) WHERE id = old.id AND sys_to IS NULL;
END;
--> statement-breakpoint
CREATE TABLE "incident_actors_versions" (
  version_id integer PRIMARY KEY,
  "id" integer,
  "incident_id" integer,
  "actor_id" integer,
  "side" text,
  "associated" integer,
  "actor_type" text,
  sys_from integer NOT NULL,
  sys_to integer
);
--> statement-breakpoint
INSERT INTO "incident_actors_versions" ("id", "incident_id", "actor_id", "side", "associated", "actor_type", sys_from)
  SELECT t."id", t."incident_id", t."actor_id", t."side", t."associated", t."actor_type", coalesce((SELECT min(e.id) FROM events e WHERE e.subject_type = 'INCIDENT' AND e.subject_id = t."incident_id"), 0) FROM "incident_actors" t ORDER BY t.id;
--> statement-breakpoint
CREATE INDEX "incident_actors_versions_id" ON "incident_actors_versions" (id, sys_from);
--> statement-breakpoint
CREATE INDEX "incident_actors_versions_closed" ON "incident_actors_versions" (sys_to) WHERE sys_to IS NOT NULL;
--> statement-breakpoint
CREATE INDEX "incident_actors_actor_idx_v" ON "incident_actors_versions" (`actor_id`,`incident_id`, sys_from, sys_to);
--> statement-breakpoint
CREATE INDEX "incident_actors_unique_v" ON "incident_actors_versions" (`incident_id`,`actor_id`,`side`, sys_from, sys_to);
--> statement-breakpoint
CREATE TRIGGER "incident_actors_versions_insert" AFTER INSERT ON "incident_actors" BEGIN
  INSERT INTO "incident_actors_versions" ("id", "incident_id", "actor_id", "side", "associated", "actor_type", sys_from) VALUES (new."id", new."incident_id", new."actor_id", new."side", new."associated", new."actor_type", (SELECT coalesce(max(id), 0) + 1 FROM events));
END;
--> statement-breakpoint
CREATE TRIGGER "incident_actors_versions_update" AFTER UPDATE ON "incident_actors" BEGIN
  DELETE FROM "incident_actors_versions" WHERE id = old.id AND sys_to IS NULL AND sys_from = (SELECT coalesce(max(id), 0) + 1 FROM events);
  UPDATE "incident_actors_versions" SET sys_to = (SELECT coalesce(max(id), 0) + 1 FROM events) WHERE id = old.id AND sys_to IS NULL;
  INSERT INTO "incident_actors_versions" ("id", "incident_id", "actor_id", "side", "associated", "actor_type", sys_from) VALUES (new."id", new."incident_id", new."actor_id", new."side", new."associated", new."actor_type", (SELECT coalesce(max(id), 0) + 1 FROM events));
END;
--> statement-breakpoint
CREATE TRIGGER "incident_actors_versions_delete" AFTER DELETE ON "incident_actors" BEGIN
  DELETE FROM "incident_actors_versions" WHERE id = old.id AND sys_to IS NULL AND sys_from = (SELECT coalesce(max(id), 0) + 1 FROM events);
  UPDATE "incident_actors_versions" SET sys_to = (SELECT coalesce(max(id), 0) + 1 FROM events) WHERE id = old.id AND sys_to IS NULL;
END;
--> statement-breakpoint
CREATE TABLE "topics_versions" (
  version_id integer PRIMARY KEY,
  "id" integer,
  "conflict_id" integer,
  "slug" text,
  "name" text,
  "description" text,
  sys_from integer NOT NULL,
  sys_to integer
);
--> statement-breakpoint
INSERT INTO "topics_versions" ("id", "conflict_id", "slug", "name", "description", sys_from)
  SELECT t."id", t."conflict_id", t."slug", t."name", t."description", coalesce((SELECT min(e.id) FROM events e WHERE e.subject_type = 'TOPIC' AND e.subject_id = t."id"), 0) FROM "topics" t ORDER BY t.id;
--> statement-breakpoint
CREATE INDEX "topics_versions_id" ON "topics_versions" (id, sys_from);
--> statement-breakpoint
CREATE INDEX "topics_versions_closed" ON "topics_versions" (sys_to) WHERE sys_to IS NOT NULL;
--> statement-breakpoint
CREATE INDEX "topics_conflict_slug_unique_v" ON "topics_versions" (`conflict_id`,`slug`, sys_from, sys_to);
--> statement-breakpoint
CREATE TRIGGER "topics_versions_insert" AFTER INSERT ON "topics" BEGIN
  INSERT INTO "topics_versions" ("id", "conflict_id", "slug", "name", "description", sys_from) VALUES (new."id", new."conflict_id", new."slug", new."name", new."description", (SELECT coalesce(max(id), 0) + 1 FROM events));
END;
--> statement-breakpoint
CREATE TRIGGER "topics_versions_update" AFTER UPDATE ON "topics" BEGIN
  DELETE FROM "topics_versions" WHERE id = old.id AND sys_to IS NULL AND sys_from = (SELECT coalesce(max(id), 0) + 1 FROM events);
  UPDATE "topics_versions" SET sys_to = (SELECT coalesce(max(id), 0) + 1 FROM events) WHERE id = old.id AND sys_to IS NULL;
  INSERT INTO "topics_versions" ("id", "conflict_id", "slug", "name", "description", sys_from) VALUES (new."id", new."conflict_id", new."slug", new."name", new."description", (SELECT coalesce(max(id), 0) + 1 FROM events));
END;
--> statement-breakpoint
CREATE TRIGGER "topics_versions_delete" AFTER DELETE ON "topics" BEGIN
  DELETE FROM "topics_versions" WHERE id = old.id AND sys_to IS NULL AND sys_from = (SELECT coalesce(max(id), 0) + 1 FROM events);
  UPDATE "topics_versions" SET sys_to = (SELECT coalesce(max(id), 0) + 1 FROM events) WHERE id = old.id AND sys_to IS NULL;
END;
--> statement-breakpoint
CREATE TABLE "positions_versions" (
  version_id integer PRIMARY KEY,
  "id" integer,
  "topic_id" integer,
  "actor_id" integer,
  "stance" text,
  "date_start" text,
  "date_end" text,
  "date_precision" text,
  "date_text" text,
  "recorded_at" integer,
  "talk_id" integer,
  sys_from integer NOT NULL,
  sys_to integer
);
--> statement-breakpoint
INSERT INTO "positions_versions" ("id", "topic_id", "actor_id", "stance", "date_start", "date_end", "date_precision", "date_text", "recorded_at", "talk_id", sys_from)
  SELECT t."id", t."topic_id", t."actor_id", t."stance", t."date_start", t."date_end", t."date_precision", t."date_text", t."recorded_at", t."talk_id", coalesce((SELECT min(e.id) FROM events e WHERE e.subject_type = 'POSITION' AND e.subject_id = t."id"), 0) FROM "positions" t ORDER BY t.id;
--> statement-breakpoint
CREATE INDEX "positions_versions_id" ON "positions_versions" (id, sys_from);
--> statement-breakpoint
CREATE INDEX "positions_versions_closed" ON "positions_versions" (sys_to) WHERE sys_to IS NOT NULL;
--> statement-breakpoint
CREATE INDEX "positions_actor_date_idx_v" ON "positions_versions" (`actor_id`,`date_start`,`id`, sys_from, sys_to);
--> statement-breakpoint
CREATE INDEX "positions_talk_date_idx_v" ON "positions_versions" (`talk_id`,`date_start`,`id`, sys_from, sys_to);
--> statement-breakpoint
CREATE INDEX "positions_topic_actor_idx_v" ON "positions_versions" (`topic_id`,`actor_id`,`date_start`,`id`, sys_from, sys_to);
--> statement-breakpoint
CREATE TRIGGER "positions_versions_insert" AFTER INSERT ON "positions" BEGIN
  INSERT INTO "positions_versions" ("id", "topic_id", "actor_id", "stance", "date_start", "date_end", "date_precision", "date_text", "recorded_at", "talk_id", sys_from) VALUES (new."id", new."topic_id", new."actor_id", new."stance", new."date_start", new."date_end", new."date_precision", new."date_text", new."recorded_at", new."talk_id", (SELECT coalesce(max(id), 0) + 1 FROM events));
END;
--> statement-breakpoint
CREATE TRIGGER "positions_versions_update" AFTER UPDATE ON "positions" BEGIN
  DELETE FROM "positions_versions" WHERE id = old.id AND sys_to IS NULL AND sys_from = (SELECT coalesce(max(id), 0) + 1 FROM events);
  UPDATE "positions_versions" SET sys_to = (SELECT coalesce(max(id), 0) + 1 FROM events) WHERE id = old.id AND sys_to IS NULL;
  INSERT INTO "positions_versions" ("id", "topic_id", "actor_id", "stance", "date_start", "date_end", "date_precision", "date_text", "recorded_at", "talk_id", sys_from) VALUES (new."id", new."topic_id", new."actor_id", new."stance", new."date_start", new."date_end", new."date_precision", new."date_text", new."recorded_at", new."talk_id", (SELECT coalesce(max(id), 0) + 1 FROM events));
END;
--> statement-breakpoint
CREATE TRIGGER "positions_versions_delete" AFTER DELETE ON "positions" BEGIN
  DELETE FROM "positions_versions" WHERE id = old.id AND sys_to IS NULL AND sys_from = (SELECT coalesce(max(id), 0) + 1 FROM events);
  UPDATE "positions_versions" SET sys_to = (SELECT coalesce(max(id), 0) + 1 FROM events) WHERE id = old.id AND sys_to IS NULL;
END;
--> statement-breakpoint
CREATE TABLE "proposals_versions" (
  version_id integer PRIMARY KEY,
  "id" integer,
  "conflict_id" integer,
  "actor_id" integer,
  "talk_id" integer,
  "title" text,
  "status" text,
  "description" text,
  "date_start" text,
  "date_end" text,
  "date_precision" text,
  "date_text" text,
  "recorded_at" integer,
  sys_from integer NOT NULL,
  sys_to integer
);
--> statement-breakpoint
INSERT INTO "proposals_versions" ("id", "conflict_id", "actor_id", "talk_id", "title", "status", "description", "date_start", "date_end", "date_precision", "date_text", "recorded_at", sys_from)
  SELECT t."id", t."conflict_id", t."actor_id", t."talk_id", t."title", t."status", t."description", t."date_start", t."date_end", t."date_precision", t."date_text", t."recorded_at", coalesce((SELECT min(e.id) FROM events e WHERE e.subject_type = 'PROPOSAL' AND e.subject_id = t."id"), 0) FROM "proposals" t ORDER BY t.id;
--> statement-breakpoint
CREATE INDEX "proposals_versions_id" ON "proposals_versions" (id, sys_from);
--> statement-breakpoint
CREATE INDEX "proposals_versions_closed" ON "proposals_versions" (sys_to) WHERE sys_to IS NOT NULL;
--> statement-breakpoint
CREATE INDEX "proposals_actor_idx_v" ON "proposals_versions" (`actor_id`, sys_from, sys_to);
--> statement-breakpoint
CREATE INDEX "proposals_conflict_date_idx_v" ON "proposals_versions" (`conflict_id`,`date_start`,`id`, sys_from, sys_to);
--> statement-breakpoint
CREATE INDEX "proposals_talk_date_idx_v" ON "proposals_versions" (`talk_id`,`date_start`,`id`, sys_from, sys_to);
--> statement-breakpoint
CREATE TRIGGER "proposals_versions_insert" AFTER INSERT ON "proposals" BEGIN
  INSERT INTO "proposals_versions" ("id", "conflict_id", "actor_id", "talk_id", "title", "status", "description", "date_start", "date_end", "date_precision", "date_text", "recorded_at", sys_from) VALUES (new."id", new."conflict_id", new."actor_id", new."talk_id", new."title", new."status", new."description", new."date_start", new."date_end", new."date_precision", new."date_text", new."recorded_at", (SELECT coalesce(max(id), 0) + 1 FROM events));
END;
--> statement-breakpoint
CREATE TRIGGER "proposals_versions_update" AFTER UPDATE ON "proposals" BEGIN
  DELETE FROM "proposals_versions" WHERE id = old.id AND sys_to IS NULL AND sys_from = (SELECT coalesce(max(id), 0) + 1 FROM events);
  UPDATE "proposals_versions" SET sys_to = (SELECT coalesce(max(id), 0) + 1 FROM events) WHERE id = old.id AND sys_to IS NULL;
  INSERT INTO "proposals_versions" ("id", "conflict_id", "actor_id", "talk_id", "title", "status", "description", "date_start", "date_end", "date_precision", "date_text", "recorded_at", sys_from) VALUES (new."id", new."conflict_id", new."actor_id", new."talk_id", new."title", new."status", new."description", new."date_start", new."date_end", new."date_precision", new."date_text", new."recorded_at", (SELECT coalesce(max(id), 0) + 1 FROM events));
END;
--> statement-breakpoint
CREATE TRIGGER "proposals_versions_delete" AFTER DELETE ON "proposals" BEGIN
  DELETE FROM "proposals_versions" WHERE id = old.id AND sys_to IS NULL AND sys_from = (SELECT coalesce(max(id), 0) + 1 FROM events);
  UPDATE "proposals_versions" SET sys_to = (SELECT coalesce(max(id), 0) + 1 FROM events) WHERE id = old.id AND sys_to IS NULL;
END;
--> statement-breakpoint
CREATE TABLE "provisions_versions" (
  version_id integer PRIMARY KEY,
  "id" integer,
  "proposal_id" integer,
  "ordinal" integer,
  "text" text,
  "topic_id" integer,
  sys_from integer NOT NULL,
  sys_to integer
);
--> statement-breakpoint
INSERT INTO "provisions_versions" ("id", "proposal_id", "ordinal", "text", "topic_id", sys_from)
  SELECT t."id", t."proposal_id", t."ordinal", t."text", t."topic_id", coalesce((SELECT min(e.id) FROM events e WHERE e.subject_type = 'PROVISION' AND e.subject_id = t."id"), (SELECT min(e.id) FROM events e WHERE e.subject_type = 'PROPOSAL' AND e.subject_id = t."proposal_id"), 0) FROM "provisions" t ORDER BY t.id;
--> statement-breakpoint
CREATE INDEX "provisions_versions_id" ON "provisions_versions" (id, sys_from);
--> statement-breakpoint
CREATE INDEX "provisions_versions_closed" ON "provisions_versions" (sys_to) WHERE sys_to IS NOT NULL;
--> statement-breakpoint
CREATE INDEX "provisions_versions_opened" ON "provisions_versions" (sys_from);
--> statement-breakpoint
CREATE INDEX "provisions_proposal_ordinal_unique_v" ON "provisions_versions" (`proposal_id`,`ordinal`, sys_from, sys_to);
--> statement-breakpoint
CREATE INDEX "provisions_topic_idx_v" ON "provisions_versions" (`topic_id`, sys_from, sys_to);
--> statement-breakpoint
CREATE TRIGGER "provisions_versions_insert" AFTER INSERT ON "provisions" BEGIN
  INSERT INTO "provisions_versions" ("id", "proposal_id", "ordinal", "text", "topic_id", sys_from) VALUES (new."id", new."proposal_id", new."ordinal", new."text", new."topic_id", (SELECT coalesce(max(id), 0) + 1 FROM events));
END;
--> statement-breakpoint
CREATE TRIGGER "provisions_versions_update" AFTER UPDATE ON "provisions" BEGIN
  DELETE FROM "provisions_versions" WHERE id = old.id AND sys_to IS NULL AND sys_from = (SELECT coalesce(max(id), 0) + 1 FROM events);
  UPDATE "provisions_versions" SET sys_to = (SELECT coalesce(max(id), 0) + 1 FROM events) WHERE id = old.id AND sys_to IS NULL;
  INSERT INTO "provisions_versions" ("id", "proposal_id", "ordinal", "text", "topic_id", sys_from) VALUES (new."id", new."proposal_id", new."ordinal", new."text", new."topic_id", (SELECT coalesce(max(id), 0) + 1 FROM events));
END;
--> statement-breakpoint
CREATE TRIGGER "provisions_versions_delete" AFTER DELETE ON "provisions" BEGIN
  DELETE FROM "provisions_versions" WHERE id = old.id AND sys_to IS NULL AND sys_from = (SELECT coalesce(max(id), 0) + 1 FROM events);
  UPDATE "provisions_versions" SET sys_to = (SELECT coalesce(max(id), 0) + 1 FROM events) WHERE id = old.id AND sys_to IS NULL;
END;
--> statement-breakpoint
CREATE TABLE "statements_versions" (
  version_id integer PRIMARY KEY,
  "id" integer,
  "conflict_id" integer,
  "speaker_person_id" integer,
  "speaker_actor_id" integer,
  "quote" text,
  "paraphrase" text,
  "context" text,
  "talk_id" integer,
  "date_start" text,
  "date_end" text,
  "date_precision" text,
  "date_text" text,
  "revision" integer,
  "retracted_at" integer,
  "retraction_reason" text,
  "recorded_at" integer,
  sys_from integer NOT NULL,
  sys_to integer
);
--> statement-breakpoint
INSERT INTO "statements_versions" ("id", "conflict_id", "speaker_person_id", "speaker_actor_id", "quote", "paraphrase", "context", "talk_id", "date_start", "date_end", "date_precision", "date_text", "revision", "retracted_at", "retraction_reason", "recorded_at", sys_from)
  SELECT t."id", t."conflict_id", t."speaker_person_id", t."speaker_actor_id", t."quote", t."paraphrase", t."context", t."talk_id", t."date_start", t."date_end", t."date_precision", t."date_text", t."revision", t."retracted_at", t."retraction_reason", t."recorded_at", coalesce((SELECT min(e.id) FROM events e WHERE e.subject_type = 'STATEMENT' AND e.subject_id = t."id"), 0) FROM "statements" t ORDER BY t.id;
--> statement-breakpoint
CREATE INDEX "statements_versions_id" ON "statements_versions" (id, sys_from);
--> statement-breakpoint
CREATE INDEX "statements_versions_closed" ON "statements_versions" (sys_to) WHERE sys_to IS NOT NULL;
--> statement-breakpoint
CREATE INDEX "statements_conflict_date_idx_v" ON "statements_versions" (`conflict_id`,`date_start`,`id`, sys_from, sys_to);
--> statement-breakpoint
CREATE INDEX "statements_date_idx_v" ON "statements_versions" (`date_start`,`id`, sys_from, sys_to);
--> statement-breakpoint
CREATE INDEX "statements_retracted_idx_v" ON "statements_versions" (`id`, sys_from, sys_to) WHERE `retracted_at` IS NOT NULL;
--> statement-breakpoint
CREATE INDEX "statements_speaker_actor_idx_v" ON "statements_versions" (`speaker_actor_id`,`date_start`,`id`, sys_from, sys_to);
--> statement-breakpoint
CREATE INDEX "statements_speaker_person_idx_v" ON "statements_versions" (`speaker_person_id`,`date_start`,`id`, sys_from, sys_to);
--> statement-breakpoint
CREATE INDEX "statements_talk_idx_v" ON "statements_versions" (`talk_id`,`date_start`,`id`, sys_from, sys_to);
--> statement-breakpoint
CREATE TRIGGER "statements_versions_insert" AFTER INSERT ON "statements" BEGIN
  INSERT INTO "statements_versions" ("id", "conflict_id", "speaker_person_id", "speaker_actor_id", "quote", "paraphrase", "context", "talk_id", "date_start", "date_end", "date_precision", "date_text", "revision", "retracted_at", "retraction_reason", "recorded_at", sys_from) VALUES (new."id", new."conflict_id", new."speaker_person_id", new."speaker_actor_id", new."quote", new."paraphrase", new."context", new."talk_id", new."date_start", new."date_end", new."date_precision", new."date_text", new."revision", new."retracted_at", new."retraction_reason", new."recorded_at", (SELECT coalesce(max(id), 0) + 1 FROM events));
END;
--> statement-breakpoint
CREATE TRIGGER "statements_versions_update" AFTER UPDATE ON "statements" BEGIN
  DELETE FROM "statements_versions" WHERE id = old.id AND sys_to IS NULL AND sys_from = (SELECT coalesce(max(id), 0) + 1 FROM events);
  UPDATE "statements_versions" SET sys_to = (SELECT coalesce(max(id), 0) + 1 FROM events) WHERE id = old.id AND sys_to IS NULL;
  INSERT INTO "statements_versions" ("id", "conflict_id", "speaker_person_id", "speaker_actor_id", "quote", "paraphrase", "context", "talk_id", "date_start", "date_end", "date_precision", "date_text", "revision", "retracted_at", "retraction_reason", "recorded_at", sys_from) VALUES (new."id", new."conflict_id", new."speaker_person_id", new."speaker_actor_id", new."quote", new."paraphrase", new."context", new."talk_id", new."date_start", new."date_end", new."date_precision", new."date_text", new."revision", new."retracted_at", new."retraction_reason", new."recorded_at", (SELECT coalesce(max(id), 0) + 1 FROM events));
END;
--> statement-breakpoint
CREATE TRIGGER "statements_versions_delete" AFTER DELETE ON "statements" BEGIN
  DELETE FROM "statements_versions" WHERE id = old.id AND sys_to IS NULL AND sys_from = (SELECT coalesce(max(id), 0) + 1 FROM events);
  UPDATE "statements_versions" SET sys_to = (SELECT coalesce(max(id), 0) + 1 FROM events) WHERE id = old.id AND sys_to IS NULL;
END;
--> statement-breakpoint
CREATE TABLE "statement_subjects_versions" (
  version_id integer PRIMARY KEY,
  "id" integer,
  "statement_id" integer,
  "subject_type" text,
  "subject_id" integer,
  sys_from integer NOT NULL,
  sys_to integer
);
--> statement-breakpoint
INSERT INTO "statement_subjects_versions" ("id", "statement_id", "subject_type", "subject_id", sys_from)
  SELECT t."id", t."statement_id", t."subject_type", t."subject_id", coalesce((SELECT min(e.id) FROM events e WHERE e.subject_type = 'STATEMENT' AND e.subject_id = t."statement_id"), 0) FROM "statement_subjects" t ORDER BY t.id;
--> statement-breakpoint
CREATE INDEX "statement_subjects_versions_id" ON "statement_subjects_versions" (id, sys_from);
--> statement-breakpoint
CREATE INDEX "statement_subjects_versions_closed" ON "statement_subjects_versions" (sys_to) WHERE sys_to IS NOT NULL;
--> statement-breakpoint
CREATE INDEX "statement_subjects_subject_idx_v" ON "statement_subjects_versions" (`subject_type`,`subject_id`, sys_from, sys_to);
--> statement-breakpoint
CREATE INDEX "statement_subjects_unique_v" ON "statement_subjects_versions" (`statement_id`,`subject_type`,`subject_id`, sys_from, sys_to);
--> statement-breakpoint
CREATE TRIGGER "statement_subjects_versions_insert" AFTER INSERT ON "statement_subjects" BEGIN
  INSERT INTO "statement_subjects_versions" ("id", "statement_id", "subject_type", "subject_id", sys_from) VALUES (new."id", new."statement_id", new."subject_type", new."subject_id", (SELECT coalesce(max(id), 0) + 1 FROM events));
END;
--> statement-breakpoint
CREATE TRIGGER "statement_subjects_versions_update" AFTER UPDATE ON "statement_subjects" BEGIN
  DELETE FROM "statement_subjects_versions" WHERE id = old.id AND sys_to IS NULL AND sys_from = (SELECT coalesce(max(id), 0) + 1 FROM events);
  UPDATE "statement_subjects_versions" SET sys_to = (SELECT coalesce(max(id), 0) + 1 FROM events) WHERE id = old.id AND sys_to IS NULL;
  INSERT INTO "statement_subjects_versions" ("id", "statement_id", "subject_type", "subject_id", sys_from) VALUES (new."id", new."statement_id", new."subject_type", new."subject_id", (SELECT coalesce(max(id), 0) + 1 FROM events));
END;
--> statement-breakpoint
CREATE TRIGGER "statement_subjects_versions_delete" AFTER DELETE ON "statement_subjects" BEGIN
  DELETE FROM "statement_subjects_versions" WHERE id = old.id AND sys_to IS NULL AND sys_from = (SELECT coalesce(max(id), 0) + 1 FROM events);
  UPDATE "statement_subjects_versions" SET sys_to = (SELECT coalesce(max(id), 0) + 1 FROM events) WHERE id = old.id AND sys_to IS NULL;
END;
--> statement-breakpoint
CREATE TABLE "figures_versions" (
  version_id integer PRIMARY KEY,
  "id" integer,
  "conflict_id" integer,
  "metric" text,
  "value" real,
  "unit" text,
  "qualifier" text,
  "comparison" text,
  "about" text,
  "actor_id" integer,
  "incident_id" integer,
  "date_start" text,
  "date_end" text,
  "date_precision" text,
  "date_text" text,
  "recorded_at" integer,
  "record" text,
  "record_among" text,
  sys_from integer NOT NULL,
  sys_to integer
);
--> statement-breakpoint
INSERT INTO "figures_versions" ("id", "conflict_id", "metric", "value", "unit", "qualifier", "comparison", "about", "actor_id", "incident_id", "date_start", "date_end", "date_precision", "date_text", "recorded_at", "record", "record_among", sys_from)
  SELECT t."id", t."conflict_id", t."metric", t."value", t."unit", t."qualifier", t."comparison", t."about", t."actor_id", t."incident_id", t."date_start", t."date_end", t."date_precision", t."date_text", t."recorded_at", t."record", t."record_among", coalesce((SELECT min(e.id) FROM events e WHERE e.subject_type = 'FIGURE' AND e.subject_id = t."id"), (SELECT min(e.id) FROM events e WHERE e.subject_type = 'INCIDENT' AND e.subject_id = t."incident_id"), 0) FROM "figures" t ORDER BY t.id;
--> statement-breakpoint
CREATE INDEX "figures_versions_id" ON "figures_versions" (id, sys_from);
--> statement-breakpoint
CREATE INDEX "figures_versions_closed" ON "figures_versions" (sys_to) WHERE sys_to IS NOT NULL;
--> statement-breakpoint
CREATE INDEX "figures_actor_idx_v" ON "figures_versions" (`actor_id`, sys_from, sys_to);
--> statement-breakpoint
CREATE INDEX "figures_conflict_idx_v" ON "figures_versions" (`conflict_id`,`date_start`,`id`, sys_from, sys_to);
--> statement-breakpoint
CREATE INDEX "figures_incident_idx_v" ON "figures_versions" (`incident_id`, sys_from, sys_to);
--> statement-breakpoint
CREATE TRIGGER "figures_versions_insert" AFTER INSERT ON "figures" BEGIN
  INSERT INTO "figures_versions" ("id", "conflict_id", "metric", "value", "unit", "qualifier", "comparison", "about", "actor_id", "incident_id", "date_start", "date_end", "date_precision", "date_text", "recorded_at", "record", "record_among", sys_from) VALUES (new."id", new."conflict_id", new."metric", new."value", new."unit", new."qualifier", new."comparison", new."about", new."actor_id", new."incident_id", new."date_start", new."date_end", new."date_precision", new."date_text", new."recorded_at", new."record", new."record_among", (SELECT coalesce(max(id), 0) + 1 FROM events));
END;
--> statement-breakpoint
CREATE TRIGGER "figures_versions_update" AFTER UPDATE ON "figures" BEGIN
  DELETE FROM "figures_versions" WHERE id = old.id AND sys_to IS NULL AND sys_from = (SELECT coalesce(max(id), 0) + 1 FROM events);
  UPDATE "figures_versions" SET sys_to = (SELECT coalesce(max(id), 0) + 1 FROM events) WHERE id = old.id AND sys_to IS NULL;
  INSERT INTO "figures_versions" ("id", "conflict_id", "metric", "value", "unit", "qualifier", "comparison", "about", "actor_id", "incident_id", "date_start", "date_end", "date_precision", "date_text", "recorded_at", "record", "record_among", sys_from) VALUES (new."id", new."conflict_id", new."metric", new."value", new."unit", new."qualifier", new."comparison", new."about", new."actor_id", new."incident_id", new."date_start", new."date_end", new."date_precision", new."date_text", new."recorded_at", new."record", new."record_among", (SELECT coalesce(max(id), 0) + 1 FROM events));
END;
--> statement-breakpoint
CREATE TRIGGER "figures_versions_delete" AFTER DELETE ON "figures" BEGIN
  DELETE FROM "figures_versions" WHERE id = old.id AND sys_to IS NULL AND sys_from = (SELECT coalesce(max(id), 0) + 1 FROM events);
  UPDATE "figures_versions" SET sys_to = (SELECT coalesce(max(id), 0) + 1 FROM events) WHERE id = old.id AND sys_to IS NULL;
END;
--> statement-breakpoint
CREATE TABLE "sources_versions" (
  version_id integer PRIMARY KEY,
  "id" integer,
  "name" text,
  "kind" text,
  "actor_id" integer,
  "url" text,
  "description" text,
  sys_from integer NOT NULL,
  sys_to integer
);
--> statement-breakpoint
INSERT INTO "sources_versions" ("id", "name", "kind", "actor_id", "url", "description", sys_from)
  SELECT t."id", t."name", t."kind", t."actor_id", t."url", t."description", coalesce((SELECT min(e.id) FROM events e WHERE e.subject_type = 'SOURCE' AND e.subject_id = t."id"), 0) FROM "sources" t ORDER BY t.id;
--> statement-breakpoint
CREATE INDEX "sources_versions_id" ON "sources_versions" (id, sys_from);
--> statement-breakpoint
CREATE INDEX "sources_versions_closed" ON "sources_versions" (sys_to) WHERE sys_to IS NOT NULL;
--> statement-breakpoint
CREATE INDEX "sources_name_unique_v" ON "sources_versions" (`name`, sys_from, sys_to);
--> statement-breakpoint
CREATE TRIGGER "sources_versions_insert" AFTER INSERT ON "sources" BEGIN
  INSERT INTO "sources_versions" ("id", "name", "kind", "actor_id", "url", "description", sys_from) VALUES (new."id", new."name", new."kind", new."actor_id", new."url", new."description", (SELECT coalesce(max(id), 0) + 1 FROM events));
END;
--> statement-breakpoint
CREATE TRIGGER "sources_versions_update" AFTER UPDATE ON "sources" BEGIN
  DELETE FROM "sources_versions" WHERE id = old.id AND sys_to IS NULL AND sys_from = (SELECT coalesce(max(id), 0) + 1 FROM events);
  UPDATE "sources_versions" SET sys_to = (SELECT coalesce(max(id), 0) + 1 FROM events) WHERE id = old.id AND sys_to IS NULL;
  INSERT INTO "sources_versions" ("id", "name", "kind", "actor_id", "url", "description", sys_from) VALUES (new."id", new."name", new."kind", new."actor_id", new."url", new."description", (SELECT coalesce(max(id), 0) + 1 FROM events));
END;
--> statement-breakpoint
CREATE TRIGGER "sources_versions_delete" AFTER DELETE ON "sources" BEGIN
  DELETE FROM "sources_versions" WHERE id = old.id AND sys_to IS NULL AND sys_from = (SELECT coalesce(max(id), 0) + 1 FROM events);
  UPDATE "sources_versions" SET sys_to = (SELECT coalesce(max(id), 0) + 1 FROM events) WHERE id = old.id AND sys_to IS NULL;
END;
--> statement-breakpoint
CREATE TABLE "attributions_versions" (
  version_id integer PRIMARY KEY,
  "id" integer,
  "source_id" integer,
  "subject_type" text,
  "subject_id" integer,
  "relation" text,
  "note" text,
  sys_from integer NOT NULL,
  sys_to integer
);
--> statement-breakpoint
INSERT INTO "attributions_versions" ("id", "source_id", "subject_type", "subject_id", "relation", "note", sys_from)
  SELECT t."id", t."source_id", t."subject_type", t."subject_id", t."relation", t."note", coalesce((SELECT min(e.id) FROM events e WHERE e.subject_type = t.subject_type AND e.subject_id = t.subject_id), 0) FROM "attributions" t ORDER BY t.id;
--> statement-breakpoint
CREATE INDEX "attributions_versions_id" ON "attributions_versions" (id, sys_from);
--> statement-breakpoint
CREATE INDEX "attributions_versions_closed" ON "attributions_versions" (sys_to) WHERE sys_to IS NOT NULL;
--> statement-breakpoint
CREATE INDEX "attributions_source_idx_v" ON "attributions_versions" (`source_id`, sys_from, sys_to);
--> statement-breakpoint
CREATE INDEX "attributions_unique_v" ON "attributions_versions" (`subject_type`,`subject_id`,`source_id`,`relation`, sys_from, sys_to);
--> statement-breakpoint
CREATE TRIGGER "attributions_versions_insert" AFTER INSERT ON "attributions" BEGIN
  INSERT INTO "attributions_versions" ("id", "source_id", "subject_type", "subject_id", "relation", "note", sys_from) VALUES (new."id", new."source_id", new."subject_type", new."subject_id", new."relation", new."note", (SELECT coalesce(max(id), 0) + 1 FROM events));
END;
--> statement-breakpoint
CREATE TRIGGER "attributions_versions_update" AFTER UPDATE ON "attributions" BEGIN
  DELETE FROM "attributions_versions" WHERE id = old.id AND sys_to IS NULL AND sys_from = (SELECT coalesce(max(id), 0) + 1 FROM events);
  UPDATE "attributions_versions" SET sys_to = (SELECT coalesce(max(id), 0) + 1 FROM events) WHERE id = old.id AND sys_to IS NULL;
  INSERT INTO "attributions_versions" ("id", "source_id", "subject_type", "subject_id", "relation", "note", sys_from) VALUES (new."id", new."source_id", new."subject_type", new."subject_id", new."relation", new."note", (SELECT coalesce(max(id), 0) + 1 FROM events));
END;
--> statement-breakpoint
CREATE TRIGGER "attributions_versions_delete" AFTER DELETE ON "attributions" BEGIN
  DELETE FROM "attributions_versions" WHERE id = old.id AND sys_to IS NULL AND sys_from = (SELECT coalesce(max(id), 0) + 1 FROM events);
  UPDATE "attributions_versions" SET sys_to = (SELECT coalesce(max(id), 0) + 1 FROM events) WHERE id = old.id AND sys_to IS NULL;
END;
--> statement-breakpoint
-- Where incidents were, version by version: the area filter's R*Tree (0011) for as-of reads, keyed
-- by version_id; a version's coordinates never change, so it is written once and deleted with it.
CREATE VIRTUAL TABLE `incidents_versions_geo` USING rtree(`version_id`, `min_lat`, `max_lat`, `min_lon`, `max_lon`);
--> statement-breakpoint
INSERT INTO incidents_versions_geo (version_id, min_lat, max_lat, min_lon, max_lon)
  SELECT version_id, latitude, latitude, longitude, longitude FROM incidents_versions WHERE latitude IS NOT NULL AND longitude IS NOT NULL;
--> statement-breakpoint
CREATE TRIGGER `incidents_versions_geo_insert` AFTER INSERT ON `incidents_versions`
WHEN new.latitude IS NOT NULL AND new.longitude IS NOT NULL BEGIN
  INSERT INTO incidents_versions_geo (version_id, min_lat, max_lat, min_lon, max_lon)
    VALUES (new.version_id, new.latitude, new.latitude, new.longitude, new.longitude);
END;
--> statement-breakpoint
CREATE TRIGGER `incidents_versions_geo_delete` AFTER DELETE ON `incidents_versions` BEGIN
  DELETE FROM incidents_versions_geo WHERE version_id = old.version_id;
END;
