CREATE TABLE `actor_aliases` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`actor_id` integer NOT NULL,
	`alias` text NOT NULL,
	FOREIGN KEY (`actor_id`) REFERENCES `actors`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "actor_aliases_nonempty" CHECK(length(trim(alias)) > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `actor_aliases_unique` ON `actor_aliases` (`actor_id`,"alias" COLLATE NOCASE);--> statement-breakpoint
CREATE INDEX `actor_aliases_alias_idx` ON `actor_aliases` ("alias" COLLATE NOCASE);--> statement-breakpoint
CREATE TABLE `dossier_entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`dossier` text NOT NULL,
	`key` text NOT NULL,
	`subject_type` text NOT NULL,
	`subject_id` integer NOT NULL,
	`digest` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `dossier_entries_key_unique` ON `dossier_entries` (`dossier`,`key`);--> statement-breakpoint
CREATE INDEX `dossier_entries_subject_idx` ON `dossier_entries` (`subject_type`,`subject_id`);--> statement-breakpoint
ALTER TABLE `incident_actors` ADD `associated` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `incident_actors` ADD `actor_type` text;--> statement-breakpoint
-- Hand-written from here: drizzle-kit rebuilds `incidents` to add CHECKs, and a rebuild deletes
-- the rows of its ON DELETE CASCADE children (incident_actors) and drops the search triggers.
-- SQLite adds a column with a CHECK in place and tests it against the rows already there.
ALTER TABLE `incidents` ADD `external_id` text;--> statement-breakpoint
ALTER TABLE `incidents` ADD `world_region` text;--> statement-breakpoint
ALTER TABLE `incidents` ADD `iso` integer;--> statement-breakpoint
ALTER TABLE `incidents` ADD `admin2` text;--> statement-breakpoint
ALTER TABLE `incidents` ADD `admin3` text;--> statement-breakpoint
ALTER TABLE `incidents` ADD `geo_precision` integer CONSTRAINT "incidents_geo_precision" CHECK(geo_precision IS NULL OR geo_precision IN (1, 2, 3));--> statement-breakpoint
ALTER TABLE `incidents` ADD `time_precision` integer CONSTRAINT "incidents_time_precision" CHECK(time_precision IS NULL OR time_precision IN (1, 2, 3));--> statement-breakpoint
ALTER TABLE `incidents` ADD `disorder_type` text;--> statement-breakpoint
ALTER TABLE `incidents` ADD `civilian_targeting` integer;--> statement-breakpoint
ALTER TABLE `incidents` ADD `interaction` text;--> statement-breakpoint
ALTER TABLE `incidents` ADD `source_scale` text;--> statement-breakpoint
ALTER TABLE `incidents` ADD `tags` text;--> statement-breakpoint
CREATE UNIQUE INDEX `incidents_conflict_external_unique` ON `incidents` (`conflict_id`,`external_id`);