DROP INDEX `statements_speaker_actor_idx`;--> statement-breakpoint
DROP INDEX `statements_talk_idx`;--> statement-breakpoint
CREATE INDEX `statements_date_idx` ON `statements` (`date_start`,`id`);--> statement-breakpoint
CREATE INDEX `statements_speaker_actor_idx` ON `statements` (`speaker_actor_id`,`date_start`,`id`);--> statement-breakpoint
CREATE INDEX `statements_talk_idx` ON `statements` (`talk_id`,`date_start`,`id`);--> statement-breakpoint
CREATE INDEX `events_kind_idx` ON `events` (`kind`,`id`);--> statement-breakpoint
CREATE INDEX `events_subject_type_idx` ON `events` (`subject_type`,`id`);