CREATE TABLE "chapters" (
	"id" text PRIMARY KEY NOT NULL,
	"name" jsonb NOT NULL,
	"kind" text NOT NULL,
	"parent_id" text,
	"country" text,
	"locality" text,
	"time_zone" text NOT NULL,
	"languages" text[] NOT NULL,
	"description" jsonb,
	"website" text,
	"contact" text,
	"social_links" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"lat" double precision,
	"lng" double precision,
	"status" text DEFAULT 'active' NOT NULL,
	"founded_on" date,
	"origin" text NOT NULL,
	"search_text" text DEFAULT '' NOT NULL,
	"search_vector" "tsvector" GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_text)) STORED,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "events" (
	"id" text PRIMARY KEY NOT NULL,
	"chapter_id" text NOT NULL,
	"title" jsonb NOT NULL,
	"summary" jsonb,
	"description" jsonb,
	"in_language" text[] DEFAULT '{}'::text[] NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"time_zone" text NOT NULL,
	"all_day" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'scheduled' NOT NULL,
	"previous_starts_at" timestamp with time zone,
	"attendance_mode" text DEFAULT 'inPerson' NOT NULL,
	"venue" jsonb,
	"country" text,
	"lat" double precision,
	"lng" double precision,
	"online_url" text,
	"registration_url" text,
	"capacity" integer,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"principles" text[] DEFAULT '{}'::text[] NOT NULL,
	"accessibility" jsonb DEFAULT '{"features":[],"notes":null}'::jsonb NOT NULL,
	"series_id" text,
	"recurrence_id" text,
	"source_kind" text DEFAULT 'push' NOT NULL,
	"source_id" text,
	"upstream_uid" text,
	"origin_instance" text NOT NULL,
	"last_seen_at" timestamp with time zone,
	"sequence" integer DEFAULT 0 NOT NULL,
	"content_hash" text DEFAULT '' NOT NULL,
	"search_text" text DEFAULT '' NOT NULL,
	"search_vector" "tsvector" GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_text)) STORED,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "event_series" (
	"id" text PRIMARY KEY NOT NULL,
	"chapter_id" text NOT NULL,
	"rrule" text NOT NULL,
	"start_local" text NOT NULL,
	"time_zone" text NOT NULL,
	"duration_minutes" integer NOT NULL,
	"exdates" text[] DEFAULT '{}'::text[] NOT NULL,
	"rdates" text[] DEFAULT '{}'::text[] NOT NULL,
	"template" jsonb NOT NULL,
	"overrides" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "chapters" ADD CONSTRAINT "chapters_parent_id_chapters_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."chapters"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_chapter_id_chapters_id_fk" FOREIGN KEY ("chapter_id") REFERENCES "public"."chapters"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_series" ADD CONSTRAINT "event_series_chapter_id_chapters_id_fk" FOREIGN KEY ("chapter_id") REFERENCES "public"."chapters"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "chapters_country_idx" ON "chapters" USING btree ("country","id");--> statement-breakpoint
CREATE INDEX "chapters_kind_idx" ON "chapters" USING btree ("kind","id");--> statement-breakpoint
CREATE INDEX "chapters_parent_idx" ON "chapters" USING btree ("parent_id","id");--> statement-breakpoint
CREATE INDEX "chapters_search_idx" ON "chapters" USING gin ("search_vector");--> statement-breakpoint
CREATE INDEX "events_starts_idx" ON "events" USING btree ("starts_at","id") WHERE "events"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "events_chapter_starts_idx" ON "events" USING btree ("chapter_id","starts_at","id") WHERE "events"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "events_country_starts_idx" ON "events" USING btree ("country","starts_at") WHERE "events"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "events_updated_idx" ON "events" USING btree ("updated_at");--> statement-breakpoint
CREATE INDEX "events_location_idx" ON "events" USING btree ("lat","lng");--> statement-breakpoint
CREATE INDEX "events_tags_idx" ON "events" USING gin ("tags");--> statement-breakpoint
CREATE INDEX "events_principles_idx" ON "events" USING gin ("principles");--> statement-breakpoint
CREATE INDEX "events_in_language_idx" ON "events" USING gin ("in_language");--> statement-breakpoint
CREATE INDEX "events_search_idx" ON "events" USING gin ("search_vector");--> statement-breakpoint
CREATE UNIQUE INDEX "events_series_occurrence_idx" ON "events" USING btree ("series_id","recurrence_id");--> statement-breakpoint
CREATE INDEX "event_series_chapter_idx" ON "event_series" USING btree ("chapter_id");