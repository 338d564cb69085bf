DROP INDEX `positions_actor_idx`;--> statement-breakpoint
ALTER TABLE `positions` ADD `talk_id` integer REFERENCES talks(id);--> statement-breakpoint
CREATE INDEX `positions_actor_date_idx` ON `positions` (`actor_id`,`date_start`,`id`);--> statement-breakpoint
CREATE INDEX `positions_talk_date_idx` ON `positions` (`talk_id`,`date_start`,`id`);--> statement-breakpoint
-- Hand-written from here: drizzle-kit rebuilds `figures` to add a CHECK, and a rebuild drops the
-- triggers other migrations put on a table. SQLite adds a column with a CHECK in place.
ALTER TABLE `figures` ADD `record` text CONSTRAINT "figures_record" CHECK(record IS NULL OR record IN ('HIGHEST', 'LOWEST'));--> statement-breakpoint
ALTER TABLE `figures` ADD `record_among` text;
