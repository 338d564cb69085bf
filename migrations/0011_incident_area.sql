-- Where incidents are, indexed for the `area` filter: an R*Tree of their coordinates, one point
-- (a box of no size) per located incident, keyed by the incident's id. The R*Tree finds the
-- incidents within a box of latitudes and longitudes without reading the others; the filter then
-- tests the incidents' own coordinates, since the R*Tree keeps 32-bit floats (rounded outwards, so
-- it never misses one). Like the search index and `places`, it is derived from the incidents by
-- the triggers below, lives outside the drizzle schema and is not part of a dump.
CREATE VIRTUAL TABLE `incidents_geo` USING rtree(`id`, `min_lat`, `max_lat`, `min_lon`, `max_lon`);
--> statement-breakpoint
INSERT INTO incidents_geo (id, min_lat, max_lat, min_lon, max_lon)
  SELECT id, latitude, latitude, longitude, longitude FROM incidents WHERE latitude IS NOT NULL AND longitude IS NOT NULL;
--> statement-breakpoint
CREATE TRIGGER `incidents_geo_insert` AFTER INSERT ON `incidents`
WHEN new.latitude IS NOT NULL AND new.longitude IS NOT NULL BEGIN
  INSERT INTO incidents_geo (id, min_lat, max_lat, min_lon, max_lon)
    VALUES (new.id, new.latitude, new.latitude, new.longitude, new.longitude);
END;
--> statement-breakpoint
CREATE TRIGGER `incidents_geo_update` AFTER UPDATE OF latitude, longitude ON `incidents` BEGIN
  DELETE FROM incidents_geo WHERE id = old.id;
  INSERT INTO incidents_geo (id, min_lat, max_lat, min_lon, max_lon)
    SELECT new.id, new.latitude, new.latitude, new.longitude, new.longitude
    WHERE new.latitude IS NOT NULL AND new.longitude IS NOT NULL;
END;
--> statement-breakpoint
CREATE TRIGGER `incidents_geo_delete` AFTER DELETE ON `incidents` BEGIN
  DELETE FROM incidents_geo WHERE id = old.id;
END;
