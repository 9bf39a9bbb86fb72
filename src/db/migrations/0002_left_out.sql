CREATE TABLE "sync_left_out" (
	"connection_id" uuid NOT NULL,
	"remote_id" text NOT NULL,
	CONSTRAINT "sync_left_out_connection_id_remote_id_pk" PRIMARY KEY("connection_id","remote_id")
);
--> statement-breakpoint
ALTER TABLE "sync_left_out" ADD CONSTRAINT "sync_left_out_connection_id_sync_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."sync_connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- The old counter becomes a set; a connection that had left contacts out lists its book again on its
-- next run (as after an expired cursor) so the set is filled. Nothing else changes for it.
UPDATE "sync_connections" SET "cursor" = NULL, "page_token" = NULL, "full_listing_id" = NULL WHERE "skipped_over_limit" > 0;--> statement-breakpoint
ALTER TABLE "sync_connections" DROP COLUMN "skipped_over_limit";