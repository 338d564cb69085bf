CREATE TABLE `actors` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`parent_id` integer,
	`country_code` text,
	`description` text,
	`recorded_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`parent_id`) REFERENCES `actors`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "actors_kind" CHECK(kind IN ('STATE', 'GOVERNMENT_BODY', 'ARMED_FORCE', 'ORGANIZATION', 'MEDIA_OUTLET')),
	CONSTRAINT "actors_name_nonempty" CHECK(length(trim(name)) > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `actors_name_unique` ON `actors` (`name`);--> statement-breakpoint
CREATE INDEX `actors_parent_idx` ON `actors` (`parent_id`);--> statement-breakpoint
CREATE TABLE `attributions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`source_id` integer NOT NULL,
	`subject_type` text NOT NULL,
	`subject_id` integer NOT NULL,
	`relation` text NOT NULL,
	`note` text,
	FOREIGN KEY (`source_id`) REFERENCES `sources`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "attributions_subject_type" CHECK(subject_type IN ('CONFLICT', 'ACTOR', 'PERSON', 'PERSON_TITLE', 'TALK', 'TALK_OUTCOME', 'DELEGATION', 'PARTICIPATION', 'INCIDENT', 'TOPIC', 'POSITION', 'PROPOSAL', 'PROVISION', 'STATEMENT', 'FIGURE', 'SOURCE')),
	CONSTRAINT "attributions_relation" CHECK(relation IN ('ACCORDING_TO', 'REPORTED_BY', 'OBTAINED_BY', 'TOLD_TO', 'ORDERED_BY'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `attributions_unique` ON `attributions` (`subject_type`,`subject_id`,`source_id`,`relation`);--> statement-breakpoint
CREATE INDEX `attributions_source_idx` ON `attributions` (`source_id`);--> statement-breakpoint
CREATE TABLE `conflicts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`date_start` text NOT NULL,
	`date_end` text,
	`date_precision` text NOT NULL,
	`date_text` text,
	`recorded_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	CONSTRAINT "conflicts_name_nonempty" CHECK(length(trim(name)) > 0),
	CONSTRAINT "conflicts_date_start_iso" CHECK(date_start GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
	CONSTRAINT "conflicts_date_end_iso" CHECK(date_end IS NULL OR (date_end GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]' AND date_end >= date_start)),
	CONSTRAINT "conflicts_date_precision" CHECK(date_precision IN ('DAY', 'MONTH', 'YEAR', 'RANGE'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `conflicts_slug_unique` ON `conflicts` (`slug`);--> statement-breakpoint
CREATE TABLE `delegations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`talk_id` integer NOT NULL,
	`actor_id` integer NOT NULL,
	`role` text NOT NULL,
	`attendance` text NOT NULL,
	`description` text,
	FOREIGN KEY (`talk_id`) REFERENCES `talks`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`actor_id`) REFERENCES `actors`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "delegations_role" CHECK(role IN ('PARTY', 'HOST', 'MEDIATOR', 'OBSERVER', 'PARTICIPANT')),
	CONSTRAINT "delegations_attendance" CHECK(attendance IN ('CONFIRMED', 'EXPECTED', 'UNCLEAR', 'DECLINED'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `delegations_talk_actor_unique` ON `delegations` (`talk_id`,`actor_id`);--> statement-breakpoint
CREATE INDEX `delegations_actor_idx` ON `delegations` (`actor_id`);--> statement-breakpoint
CREATE TABLE `events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`conflict_id` integer,
	`kind` text NOT NULL,
	`subject_type` text NOT NULL,
	`subject_id` integer NOT NULL,
	`talk_id` integer,
	`actor_ids` text DEFAULT '[]' NOT NULL,
	`occurred_on` text,
	`recorded_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`summary` text NOT NULL,
	`reason` text,
	`data` text NOT NULL,
	FOREIGN KEY (`conflict_id`) REFERENCES `conflicts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`talk_id`) REFERENCES `talks`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "events_actor_ids_array" CHECK(json_type(actor_ids) = 'array'),
	CONSTRAINT "events_summary_nonempty" CHECK(length(trim(summary)) > 0)
);
--> statement-breakpoint
CREATE INDEX `events_conflict_idx` ON `events` (`conflict_id`,`id`);--> statement-breakpoint
CREATE INDEX `events_subject_idx` ON `events` (`subject_type`,`subject_id`,`id`);--> statement-breakpoint
CREATE INDEX `events_talk_idx` ON `events` (`talk_id`,`id`);--> statement-breakpoint
CREATE TABLE `figures` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`conflict_id` integer NOT NULL,
	`metric` text NOT NULL,
	`value` real NOT NULL,
	`unit` text NOT NULL,
	`qualifier` text NOT NULL,
	`comparison` text,
	`about` text NOT NULL,
	`actor_id` integer,
	`incident_id` integer,
	`date_start` text NOT NULL,
	`date_end` text,
	`date_precision` text NOT NULL,
	`date_text` text,
	`recorded_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`conflict_id`) REFERENCES `conflicts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_id`) REFERENCES `actors`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "figures_qualifier" CHECK(qualifier IN ('EXACT', 'APPROXIMATELY', 'MORE_THAN', 'LESS_THAN', 'JUST_UNDER', 'AT_LEAST')),
	CONSTRAINT "figures_metric_nonempty" CHECK(length(trim(metric)) > 0),
	CONSTRAINT "figures_date_start_iso" CHECK(date_start GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
	CONSTRAINT "figures_date_end_iso" CHECK(date_end IS NULL OR (date_end GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]' AND date_end >= date_start)),
	CONSTRAINT "figures_date_precision" CHECK(date_precision IN ('DAY', 'MONTH', 'YEAR', 'RANGE'))
);
--> statement-breakpoint
CREATE INDEX `figures_conflict_idx` ON `figures` (`conflict_id`,`date_start`,`id`);--> statement-breakpoint
CREATE INDEX `figures_incident_idx` ON `figures` (`incident_id`);--> statement-breakpoint
CREATE INDEX `figures_actor_idx` ON `figures` (`actor_id`);--> statement-breakpoint
CREATE TABLE `idempotency_keys` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`token_id` integer NOT NULL,
	`key` text NOT NULL,
	`operation` text NOT NULL,
	`input_hash` text NOT NULL,
	`event_id` integer NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`token_id`) REFERENCES `tokens`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `idempotency_keys_unique` ON `idempotency_keys` (`token_id`,`key`,`operation`);--> statement-breakpoint
CREATE TABLE `incident_actors` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`incident_id` integer NOT NULL,
	`actor_id` integer NOT NULL,
	`side` text NOT NULL,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`actor_id`) REFERENCES `actors`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "incident_actors_side" CHECK(side IN ('INITIATOR', 'TARGET'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `incident_actors_unique` ON `incident_actors` (`incident_id`,`actor_id`,`side`);--> statement-breakpoint
CREATE INDEX `incident_actors_actor_idx` ON `incident_actors` (`actor_id`,`incident_id`);--> statement-breakpoint
CREATE TABLE `incidents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`conflict_id` integer NOT NULL,
	`event_type` text NOT NULL,
	`sub_event_type` text,
	`title` text NOT NULL,
	`description` text,
	`location_name` text,
	`region` text,
	`country` text,
	`latitude` real,
	`longitude` real,
	`responded_to_id` integer,
	`talk_id` integer,
	`date_start` text NOT NULL,
	`date_end` text,
	`date_precision` text NOT NULL,
	`date_text` text,
	`revision` integer DEFAULT 1 NOT NULL,
	`retracted_at` integer,
	`retraction_reason` text,
	`recorded_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`conflict_id`) REFERENCES `conflicts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`responded_to_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`talk_id`) REFERENCES `talks`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "incidents_event_type" CHECK(event_type IN ('BATTLES', 'EXPLOSIONS_REMOTE_VIOLENCE', 'VIOLENCE_AGAINST_CIVILIANS', 'PROTESTS', 'RIOTS', 'STRATEGIC_DEVELOPMENTS')),
	CONSTRAINT "incidents_title_nonempty" CHECK(length(trim(title)) > 0),
	CONSTRAINT "incidents_latitude" CHECK(latitude IS NULL OR latitude BETWEEN -90 AND 90),
	CONSTRAINT "incidents_longitude" CHECK(longitude IS NULL OR longitude BETWEEN -180 AND 180),
	CONSTRAINT "incidents_coordinates_pair" CHECK((latitude IS NULL) = (longitude IS NULL)),
	CONSTRAINT "incidents_revision" CHECK(revision >= 1),
	CONSTRAINT "incidents_retraction" CHECK((retracted_at IS NULL) = (retraction_reason IS NULL)),
	CONSTRAINT "incidents_not_self_response" CHECK(responded_to_id IS NULL OR responded_to_id <> id),
	CONSTRAINT "incidents_date_start_iso" CHECK(date_start GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
	CONSTRAINT "incidents_date_end_iso" CHECK(date_end IS NULL OR (date_end GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]' AND date_end >= date_start)),
	CONSTRAINT "incidents_date_precision" CHECK(date_precision IN ('DAY', 'MONTH', 'YEAR', 'RANGE'))
);
--> statement-breakpoint
CREATE INDEX `incidents_conflict_date_idx` ON `incidents` (`conflict_id`,`date_start`,`id`);--> statement-breakpoint
CREATE INDEX `incidents_date_idx` ON `incidents` (`date_start`,`id`);--> statement-breakpoint
CREATE INDEX `incidents_type_date_idx` ON `incidents` (`event_type`,`date_start`,`id`);--> statement-breakpoint
CREATE INDEX `incidents_talk_date_idx` ON `incidents` (`talk_id`,`date_start`,`id`);--> statement-breakpoint
CREATE INDEX `incidents_responded_to_idx` ON `incidents` (`responded_to_id`);--> statement-breakpoint
CREATE TABLE `participations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`delegation_id` integer NOT NULL,
	`person_id` integer,
	`role` text NOT NULL,
	`description` text,
	FOREIGN KEY (`delegation_id`) REFERENCES `delegations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "participations_role" CHECK(role IN ('HEAD', 'MEMBER', 'MEDIATOR', 'OBSERVER', 'ENVOY', 'HOST')),
	CONSTRAINT "participations_who" CHECK(person_id IS NOT NULL OR (description IS NOT NULL AND length(trim(description)) > 0))
);
--> statement-breakpoint
CREATE INDEX `participations_delegation_idx` ON `participations` (`delegation_id`,`id`);--> statement-breakpoint
CREATE INDEX `participations_person_idx` ON `participations` (`person_id`);--> statement-breakpoint
CREATE TABLE `people` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`recorded_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	CONSTRAINT "people_name_nonempty" CHECK(length(trim(name)) > 0)
);
--> statement-breakpoint
CREATE INDEX `people_name_idx` ON `people` (`name`,`id`);--> statement-breakpoint
CREATE TABLE `person_aliases` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`person_id` integer NOT NULL,
	`alias` text NOT NULL,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "person_aliases_nonempty" CHECK(length(trim(alias)) > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `person_aliases_unique` ON `person_aliases` (`person_id`,"alias" COLLATE NOCASE);--> statement-breakpoint
CREATE INDEX `person_aliases_alias_idx` ON `person_aliases` ("alias" COLLATE NOCASE);--> statement-breakpoint
CREATE TABLE `person_titles` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`person_id` integer NOT NULL,
	`title` text NOT NULL,
	`actor_id` integer,
	`valid_from` text,
	`valid_to` text,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`actor_id`) REFERENCES `actors`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "person_titles_nonempty" CHECK(length(trim(title)) > 0),
	CONSTRAINT "person_titles_from_iso" CHECK(valid_from IS NULL OR valid_from GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
	CONSTRAINT "person_titles_to_iso" CHECK(valid_to IS NULL OR valid_to GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
	CONSTRAINT "person_titles_period" CHECK(valid_from IS NULL OR valid_to IS NULL OR valid_to >= valid_from)
);
--> statement-breakpoint
CREATE INDEX `person_titles_person_idx` ON `person_titles` (`person_id`,`id`);--> statement-breakpoint
CREATE TABLE `positions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`topic_id` integer NOT NULL,
	`actor_id` integer NOT NULL,
	`stance` text NOT NULL,
	`date_start` text NOT NULL,
	`date_end` text,
	`date_precision` text NOT NULL,
	`date_text` text,
	`recorded_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`topic_id`) REFERENCES `topics`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_id`) REFERENCES `actors`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "positions_stance_nonempty" CHECK(length(trim(stance)) > 0),
	CONSTRAINT "positions_date_start_iso" CHECK(date_start GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
	CONSTRAINT "positions_date_end_iso" CHECK(date_end IS NULL OR (date_end GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]' AND date_end >= date_start)),
	CONSTRAINT "positions_date_precision" CHECK(date_precision IN ('DAY', 'MONTH', 'YEAR', 'RANGE'))
);
--> statement-breakpoint
CREATE INDEX `positions_topic_actor_idx` ON `positions` (`topic_id`,`actor_id`,`date_start`,`id`);--> statement-breakpoint
CREATE INDEX `positions_actor_idx` ON `positions` (`actor_id`);--> statement-breakpoint
CREATE TABLE `proposals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`conflict_id` integer NOT NULL,
	`actor_id` integer NOT NULL,
	`talk_id` integer,
	`title` text NOT NULL,
	`status` text NOT NULL,
	`description` text,
	`date_start` text NOT NULL,
	`date_end` text,
	`date_precision` text NOT NULL,
	`date_text` text,
	`recorded_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`conflict_id`) REFERENCES `conflicts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_id`) REFERENCES `actors`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`talk_id`) REFERENCES `talks`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "proposals_status" CHECK(status IN ('DRAFTING', 'SUBMITTED', 'RECEIVED', 'ANSWERED')),
	CONSTRAINT "proposals_title_nonempty" CHECK(length(trim(title)) > 0),
	CONSTRAINT "proposals_date_start_iso" CHECK(date_start GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
	CONSTRAINT "proposals_date_end_iso" CHECK(date_end IS NULL OR (date_end GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]' AND date_end >= date_start)),
	CONSTRAINT "proposals_date_precision" CHECK(date_precision IN ('DAY', 'MONTH', 'YEAR', 'RANGE'))
);
--> statement-breakpoint
CREATE INDEX `proposals_conflict_date_idx` ON `proposals` (`conflict_id`,`date_start`,`id`);--> statement-breakpoint
CREATE INDEX `proposals_actor_idx` ON `proposals` (`actor_id`);--> statement-breakpoint
CREATE INDEX `proposals_talk_idx` ON `proposals` (`talk_id`);--> statement-breakpoint
CREATE TABLE `provisions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`proposal_id` integer NOT NULL,
	`ordinal` integer NOT NULL,
	`text` text NOT NULL,
	`topic_id` integer,
	FOREIGN KEY (`proposal_id`) REFERENCES `proposals`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`topic_id`) REFERENCES `topics`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "provisions_ordinal_positive" CHECK(ordinal > 0),
	CONSTRAINT "provisions_text_nonempty" CHECK(length(trim(text)) > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `provisions_proposal_ordinal_unique` ON `provisions` (`proposal_id`,`ordinal`);--> statement-breakpoint
CREATE INDEX `provisions_topic_idx` ON `provisions` (`topic_id`);--> statement-breakpoint
CREATE TABLE `sources` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`actor_id` integer,
	`url` text,
	`description` text,
	FOREIGN KEY (`actor_id`) REFERENCES `actors`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "sources_kind" CHECK(kind IN ('NEWS_AGENCY', 'MEDIA', 'GOVERNMENT', 'MILITARY', 'OFFICIAL_DOCUMENT', 'ESTIMATE', 'ARTICLE')),
	CONSTRAINT "sources_name_nonempty" CHECK(length(trim(name)) > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sources_name_unique` ON `sources` (`name`);--> statement-breakpoint
CREATE TABLE `statement_subjects` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`statement_id` integer NOT NULL,
	`subject_type` text NOT NULL,
	`subject_id` integer NOT NULL,
	FOREIGN KEY (`statement_id`) REFERENCES `statements`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "statement_subjects_type" CHECK(subject_type IN ('CONFLICT', 'ACTOR', 'PERSON', 'PERSON_TITLE', 'TALK', 'TALK_OUTCOME', 'DELEGATION', 'PARTICIPATION', 'INCIDENT', 'TOPIC', 'POSITION', 'PROPOSAL', 'PROVISION', 'STATEMENT', 'FIGURE', 'SOURCE'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `statement_subjects_unique` ON `statement_subjects` (`statement_id`,`subject_type`,`subject_id`);--> statement-breakpoint
CREATE INDEX `statement_subjects_subject_idx` ON `statement_subjects` (`subject_type`,`subject_id`);--> statement-breakpoint
CREATE TABLE `statements` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`conflict_id` integer NOT NULL,
	`speaker_person_id` integer,
	`speaker_actor_id` integer,
	`quote` text,
	`paraphrase` text,
	`context` text,
	`talk_id` integer,
	`date_start` text NOT NULL,
	`date_end` text,
	`date_precision` text NOT NULL,
	`date_text` text,
	`revision` integer DEFAULT 1 NOT NULL,
	`retracted_at` integer,
	`retraction_reason` text,
	`recorded_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`conflict_id`) REFERENCES `conflicts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`speaker_person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`speaker_actor_id`) REFERENCES `actors`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`talk_id`) REFERENCES `talks`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "statements_revision" CHECK(revision >= 1),
	CONSTRAINT "statements_retraction" CHECK((retracted_at IS NULL) = (retraction_reason IS NULL)),
	CONSTRAINT "statements_speaker" CHECK(speaker_person_id IS NOT NULL OR speaker_actor_id IS NOT NULL),
	CONSTRAINT "statements_content" CHECK((quote IS NOT NULL AND length(trim(quote)) > 0) OR (paraphrase IS NOT NULL AND length(trim(paraphrase)) > 0)),
	CONSTRAINT "statements_date_start_iso" CHECK(date_start GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
	CONSTRAINT "statements_date_end_iso" CHECK(date_end IS NULL OR (date_end GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]' AND date_end >= date_start)),
	CONSTRAINT "statements_date_precision" CHECK(date_precision IN ('DAY', 'MONTH', 'YEAR', 'RANGE'))
);
--> statement-breakpoint
CREATE INDEX `statements_conflict_date_idx` ON `statements` (`conflict_id`,`date_start`,`id`);--> statement-breakpoint
CREATE INDEX `statements_speaker_person_idx` ON `statements` (`speaker_person_id`,`date_start`,`id`);--> statement-breakpoint
CREATE INDEX `statements_speaker_actor_idx` ON `statements` (`speaker_actor_id`);--> statement-breakpoint
CREATE INDEX `statements_talk_idx` ON `statements` (`talk_id`);--> statement-breakpoint
CREATE TABLE `talk_outcomes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`talk_id` integer NOT NULL,
	`description` text NOT NULL,
	`achieved` integer NOT NULL,
	FOREIGN KEY (`talk_id`) REFERENCES `talks`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "talk_outcomes_nonempty" CHECK(length(trim(description)) > 0)
);
--> statement-breakpoint
CREATE INDEX `talk_outcomes_talk_idx` ON `talk_outcomes` (`talk_id`,`id`);--> statement-breakpoint
CREATE TABLE `talks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`conflict_id` integer NOT NULL,
	`title` text NOT NULL,
	`round` integer,
	`venue_city` text,
	`venue_country` text,
	`host_actor_id` integer,
	`status` text NOT NULL,
	`description` text,
	`date_start` text NOT NULL,
	`date_end` text,
	`date_precision` text NOT NULL,
	`date_text` text,
	`recorded_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`conflict_id`) REFERENCES `conflicts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`host_actor_id`) REFERENCES `actors`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "talks_status" CHECK(status IN ('SCHEDULED', 'IN_PROGRESS', 'CONCLUDED', 'POSTPONED', 'CANCELLED')),
	CONSTRAINT "talks_round_positive" CHECK(round IS NULL OR round > 0),
	CONSTRAINT "talks_title_nonempty" CHECK(length(trim(title)) > 0),
	CONSTRAINT "talks_date_start_iso" CHECK(date_start GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
	CONSTRAINT "talks_date_end_iso" CHECK(date_end IS NULL OR (date_end GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]' AND date_end >= date_start)),
	CONSTRAINT "talks_date_precision" CHECK(date_precision IN ('DAY', 'MONTH', 'YEAR', 'RANGE'))
);
--> statement-breakpoint
CREATE INDEX `talks_conflict_date_idx` ON `talks` (`conflict_id`,`date_start`,`id`);--> statement-breakpoint
CREATE INDEX `talks_date_idx` ON `talks` (`date_start`,`id`);--> statement-breakpoint
CREATE INDEX `talks_status_date_idx` ON `talks` (`status`,`date_start`,`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `talks_conflict_round_unique` ON `talks` (`conflict_id`,`round`);--> statement-breakpoint
CREATE TABLE `tokens` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`hash` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`revoked_at` integer,
	CONSTRAINT "tokens_role" CHECK(role IN ('EDITOR', 'ADMIN')),
	CONSTRAINT "tokens_name_nonempty" CHECK(length(trim(name)) > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tokens_hash_unique` ON `tokens` (`hash`);--> statement-breakpoint
CREATE TABLE `topics` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`conflict_id` integer NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`description` text,
	FOREIGN KEY (`conflict_id`) REFERENCES `conflicts`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "topics_name_nonempty" CHECK(length(trim(name)) > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `topics_conflict_slug_unique` ON `topics` (`conflict_id`,`slug`);