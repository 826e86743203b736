CREATE TABLE "sources" (
	"id" text PRIMARY KEY NOT NULL,
	"chapter_id" text NOT NULL,
	"kind" text NOT NULL,
	"url" text NOT NULL,
	"interval_minutes" integer DEFAULT 60 NOT NULL,
	"status" text DEFAULT 'ok' NOT NULL,
	"etag" text,
	"last_modified" text,
	"feed_cursor" text,
	"last_attempt_at" timestamp with time zone,
	"last_success_at" timestamp with time zone,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"consecutive_failures" integer DEFAULT 0 NOT NULL,
	"item_count" integer DEFAULT 0 NOT NULL,
	"lease_owner" text,
	"lease_expires_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sync_runs" (
	"id" text PRIMARY KEY NOT NULL,
	"source_id" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	"http_status" integer,
	"outcome" text NOT NULL,
	"counts" jsonb NOT NULL,
	"rejections" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"error" text
);
--> statement-breakpoint
DROP INDEX "events_updated_idx";--> statement-breakpoint
ALTER TABLE "sources" ADD CONSTRAINT "sources_chapter_id_chapters_id_fk" FOREIGN KEY ("chapter_id") REFERENCES "public"."chapters"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_runs" ADD CONSTRAINT "sync_runs_source_id_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."sources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sources_chapter_idx" ON "sources" USING btree ("chapter_id");--> statement-breakpoint
CREATE INDEX "sources_due_idx" ON "sources" USING btree ("next_attempt_at") WHERE "sources"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "sync_runs_source_idx" ON "sync_runs" USING btree ("source_id","started_at");--> statement-breakpoint
CREATE INDEX "chapters_changes_idx" ON "chapters" USING btree ("updated_at","id");--> statement-breakpoint
CREATE INDEX "events_source_idx" ON "events" USING btree ("source_id","starts_at");--> statement-breakpoint
CREATE INDEX "events_changes_idx" ON "events" USING btree ("updated_at","id");