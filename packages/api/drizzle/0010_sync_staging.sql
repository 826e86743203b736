-- Unlogged: staged rows are worthless after a crash (the run is interrupted anyway), so they skip the WAL.
CREATE UNLOGGED TABLE "sync_staging" (
	"run_id" text NOT NULL,
	"source_id" text NOT NULL,
	"id" text NOT NULL,
	"ord" bigint NOT NULL,
	"content_hash" text NOT NULL,
	"upstream_uid" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"row" jsonb,
	"event" jsonb,
	CONSTRAINT "sync_staging_run_id_id_pk" PRIMARY KEY("run_id","id")
);
--> statement-breakpoint
CREATE INDEX "sync_staging_run_ord_idx" ON "sync_staging" USING btree ("run_id","ord");--> statement-breakpoint
CREATE INDEX "sync_staging_source_idx" ON "sync_staging" USING btree ("source_id");