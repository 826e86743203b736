-- The version of the public event data: it moves on once at the commit of every
-- transaction that changed events, series or chapters, in the same transaction
-- as the change. Readers compare it with the version a cached page was built at
-- (one primary-key read instead of the page's query), so every replica sees a
-- change the moment it commits. Written by hand: drizzle-kit has no triggers.
CREATE TABLE "data_versions" (
	"name" text PRIMARY KEY NOT NULL,
	"version" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
INSERT INTO "data_versions" ("name", "version") VALUES ('events', 0);
--> statement-breakpoint
-- Deferred to commit and guarded by a transaction-local flag: the row is locked
-- for an instant at commit, once per transaction however many rows it wrote,
-- so concurrent writers never queue behind each other mid-transaction.
CREATE FUNCTION "otg_bump_events_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('otg.events_version_bumped', true) IS DISTINCT FROM 'yes' THEN
    PERFORM set_config('otg.events_version_bumped', 'yes', true);
    UPDATE "data_versions" SET "version" = "version" + 1 WHERE "name" = 'events';
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "events_data_version" AFTER INSERT OR UPDATE OR DELETE ON "events"
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "otg_bump_events_version"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "event_series_data_version" AFTER INSERT OR UPDATE OR DELETE ON "event_series"
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "otg_bump_events_version"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "chapters_data_version" AFTER INSERT OR UPDATE OR DELETE ON "chapters"
	DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "otg_bump_events_version"();
