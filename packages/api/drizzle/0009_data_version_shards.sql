-- The events data version (0006) becomes the sum of 16 shard rows. Every committing
-- writer updated the one row, and a row lock is held until the commit is flushed, so
-- writers' commits queued behind each other's WAL flush (about 550 commits/s with 8
-- writers here, against 2,400 without). Each transaction now moves one shard picked
-- at random on, so concurrent writers rarely meet; readers add the 16 rows up (the
-- sum moves on with every commit and never repeats). Written by hand, like 0006.
ALTER TABLE "data_versions" ADD COLUMN "shard" smallint DEFAULT 0 NOT NULL;
--> statement-breakpoint
ALTER TABLE "data_versions" DROP CONSTRAINT "data_versions_pkey";
--> statement-breakpoint
ALTER TABLE "data_versions" ADD PRIMARY KEY ("name", "shard");
--> statement-breakpoint
INSERT INTO "data_versions" ("name", "shard", "version")
	SELECT 'events', s, 0 FROM generate_series(1, 15) AS s ON CONFLICT DO NOTHING;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION "otg_bump_events_version"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  pick smallint := floor(random() * 16)::smallint;
BEGIN
  IF current_setting('otg.events_version_bumped', true) IS DISTINCT FROM 'yes' THEN
    PERFORM set_config('otg.events_version_bumped', 'yes', true);
    UPDATE "data_versions" SET "version" = "version" + 1 WHERE "name" = 'events' AND "shard" = pick;
  END IF;
  RETURN NULL;
END $$;
