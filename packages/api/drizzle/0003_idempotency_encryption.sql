ALTER TABLE "idempotency_keys" ADD COLUMN "subjects" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
CREATE INDEX "idempotency_keys_subjects_idx" ON "idempotency_keys" USING gin ("subjects");--> statement-breakpoint
-- Responses stored before encryption are dropped: they would be unreadable now, and
-- a retry of those keys simply runs again.
DELETE FROM "idempotency_keys";
