DROP INDEX `proposals_talk_idx`;--> statement-breakpoint
CREATE INDEX `proposals_talk_date_idx` ON `proposals` (`talk_id`,`date_start`,`id`);--> statement-breakpoint
CREATE INDEX `incidents_conflict_type_date_idx` ON `incidents` (`conflict_id`,`event_type`,`date_start`,`id`);