-- The places facts happened at, kept for the desk's place picker: typing "Kupi" offers
-- "Kupiansk, Kharkiv, Ukraine" with its coordinates. Incidents and talks keep their locations as
-- text (ACLED's shape); this table is derived from them by the triggers below, so every write path
-- keeps it current, and it is not part of a dump (a restore's inserts fill it again). It lives
-- beside the search index outside the drizzle schema for the same reason.
--
-- A place is a name within a region and a country ('' where unknown, so the unique key holds);
-- `uses` counts the facts recorded there (an amendment that moves a fact counts its new place and
-- does not take it from the old one: it ranks suggestions, it is not a statistic). The newest
-- coordinates given for a place are kept.
CREATE TABLE `places` (
	`id` integer PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`region` text NOT NULL,
	`country` text NOT NULL,
	`latitude` real,
	`longitude` real,
	`uses` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `places_key` ON `places` (`name` COLLATE NOCASE, `region` COLLATE NOCASE, `country` COLLATE NOCASE);
--> statement-breakpoint
INSERT INTO places (name, region, country, latitude, longitude, uses)
  SELECT location_name, coalesce(region, ''), coalesce(country, ''), latitude, longitude, count(*)
  FROM (SELECT * FROM incidents WHERE location_name IS NOT NULL ORDER BY id)
  GROUP BY location_name COLLATE NOCASE, coalesce(region, '') COLLATE NOCASE, coalesce(country, '') COLLATE NOCASE;
--> statement-breakpoint
INSERT INTO places (name, region, country, latitude, longitude, uses)
  SELECT venue_city, '', coalesce(venue_country, ''), NULL, NULL, count(*)
  FROM talks WHERE venue_city IS NOT NULL
  GROUP BY venue_city COLLATE NOCASE, coalesce(venue_country, '') COLLATE NOCASE
  ON CONFLICT DO UPDATE SET uses = uses + excluded.uses;
--> statement-breakpoint
CREATE TRIGGER `places_incidents_insert` AFTER INSERT ON `incidents` WHEN new.location_name IS NOT NULL BEGIN
  INSERT INTO places (name, region, country, latitude, longitude, uses)
    VALUES (new.location_name, coalesce(new.region, ''), coalesce(new.country, ''), new.latitude, new.longitude, 1)
    ON CONFLICT DO UPDATE SET uses = uses + 1,
      latitude = coalesce(excluded.latitude, latitude), longitude = coalesce(excluded.longitude, longitude);
END;
--> statement-breakpoint
CREATE TRIGGER `places_incidents_update` AFTER UPDATE OF location_name, region, country, latitude, longitude ON `incidents`
WHEN new.location_name IS NOT NULL BEGIN
  INSERT INTO places (name, region, country, latitude, longitude, uses)
    VALUES (new.location_name, coalesce(new.region, ''), coalesce(new.country, ''), new.latitude, new.longitude, 1)
    ON CONFLICT DO UPDATE SET
      uses = uses + (CASE WHEN old.location_name = new.location_name COLLATE NOCASE
                           AND coalesce(old.region, '') = coalesce(new.region, '') COLLATE NOCASE
                           AND coalesce(old.country, '') = coalesce(new.country, '') COLLATE NOCASE THEN 0 ELSE 1 END),
      latitude = coalesce(excluded.latitude, latitude), longitude = coalesce(excluded.longitude, longitude);
END;
--> statement-breakpoint
CREATE TRIGGER `places_talks_insert` AFTER INSERT ON `talks` WHEN new.venue_city IS NOT NULL BEGIN
  INSERT INTO places (name, region, country, latitude, longitude, uses)
    VALUES (new.venue_city, '', coalesce(new.venue_country, ''), NULL, NULL, 1)
    ON CONFLICT DO UPDATE SET uses = uses + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `places_talks_update` AFTER UPDATE OF venue_city, venue_country ON `talks`
WHEN new.venue_city IS NOT NULL AND (old.venue_city IS NULL OR old.venue_city <> new.venue_city COLLATE NOCASE
  OR coalesce(old.venue_country, '') <> coalesce(new.venue_country, '') COLLATE NOCASE) BEGIN
  INSERT INTO places (name, region, country, latitude, longitude, uses)
    VALUES (new.venue_city, '', coalesce(new.venue_country, ''), NULL, NULL, 1)
    ON CONFLICT DO UPDATE SET uses = uses + 1;
END;
