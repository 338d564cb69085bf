-- The default search filter (retracted incidents and statements left out, src/domain/search.ts)
-- without reading each match's stored row. `retracted` is an UNINDEXED column of search_index:
-- testing it makes FTS5 fetch the whole stored document (title and body) of every match, before
-- the page is cut, which for a common word is most of the query's time. The retracted documents
-- are few, so the search tests the match's rowid against this view instead: two partial indexes
-- hold exactly the retracted rows, and the doc ids are the ones 0002's views give them.
CREATE INDEX `incidents_retracted_idx` ON `incidents` (`id`) WHERE `retracted_at` IS NOT NULL;
--> statement-breakpoint
CREATE INDEX `statements_retracted_idx` ON `statements` (`id`) WHERE `retracted_at` IS NOT NULL;
--> statement-breakpoint
CREATE VIEW `search_retracted_documents` AS
SELECT id * 16 + 1 AS doc_id FROM incidents WHERE retracted_at IS NOT NULL
UNION ALL
SELECT id * 16 + 2 AS doc_id FROM statements WHERE retracted_at IS NOT NULL;
