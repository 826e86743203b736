CREATE TABLE "moderation_items" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"event_id" text NOT NULL,
	"source_id" text NOT NULL,
	"chapter_id" text NOT NULL,
	"row" jsonb,
	"content_hash" text DEFAULT '' NOT NULL,
	"held_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by" text
);
--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "hidden_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "hidden_reason" text;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "hidden_by" text;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "detached_from" text;--> statement-breakpoint
ALTER TABLE "sources" ADD COLUMN "review" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "moderation_pending_event_idx" ON "moderation_items" USING btree ("event_id") WHERE "moderation_items"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "moderation_queue_idx" ON "moderation_items" USING btree ("held_at","id") WHERE "moderation_items"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "moderation_chapter_queue_idx" ON "moderation_items" USING btree ("chapter_id","held_at","id") WHERE "moderation_items"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "moderation_rejected_idx" ON "moderation_items" USING btree ("event_id") WHERE "moderation_items"."status" = 'rejected';