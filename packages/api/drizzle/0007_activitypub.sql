CREATE TABLE "activitypub_cursor" (
	"name" text PRIMARY KEY NOT NULL,
	"last_seq" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "activitypub_deliveries" (
	"id" text PRIMARY KEY NOT NULL,
	"chapter_id" text NOT NULL,
	"inbox" text NOT NULL,
	"activity" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_until" timestamp with time zone,
	"last_status" smallint,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "activitypub_followers" (
	"chapter_id" text NOT NULL,
	"actor_id" text NOT NULL,
	"inbox" text NOT NULL,
	"shared_inbox" text,
	"follow_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "activitypub_followers_chapter_id_actor_id_pk" PRIMARY KEY("chapter_id","actor_id")
);
--> statement-breakpoint
CREATE TABLE "activitypub_keys" (
	"chapter_id" text NOT NULL,
	"algorithm" text NOT NULL,
	"public_key" jsonb NOT NULL,
	"private_key" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "activitypub_keys_chapter_id_algorithm_pk" PRIMARY KEY("chapter_id","algorithm")
);
--> statement-breakpoint
CREATE INDEX "activitypub_deliveries_due_idx" ON "activitypub_deliveries" USING btree ("next_attempt_at") WHERE "activitypub_deliveries"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "activitypub_deliveries_finished_idx" ON "activitypub_deliveries" USING btree ("finished_at");--> statement-breakpoint
CREATE INDEX "activitypub_followers_created_idx" ON "activitypub_followers" USING btree ("chapter_id","created_at","actor_id");