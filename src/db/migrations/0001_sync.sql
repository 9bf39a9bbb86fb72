CREATE TABLE "legacy_integrations" (
	"owner_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "legacy_integrations_owner_id_id_pk" PRIMARY KEY("owner_id","id")
);
--> statement-breakpoint
CREATE TABLE "oauth_states" (
	"state_hash" text PRIMARY KEY NOT NULL,
	"owner_id" uuid NOT NULL,
	"session_hash" text NOT NULL,
	"provider" text NOT NULL,
	"account_email" text NOT NULL,
	"code_verifier" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sync_connections" (
	"owner_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"provider" text NOT NULL,
	"account_email" text NOT NULL,
	"status" text NOT NULL,
	"paused_reason" text,
	"initial_sync_done" boolean DEFAULT false NOT NULL,
	"tokens" text,
	"cursor" text,
	"cursor_issued_at" timestamp with time zone,
	"page_token" text,
	"full_listing_id" uuid,
	"progress_done" integer DEFAULT 0 NOT NULL,
	"progress_total" integer DEFAULT 0 NOT NULL,
	"skipped_over_limit" integer DEFAULT 0 NOT NULL,
	"last_sync_at" timestamp with time zone,
	"next_sync_at" timestamp with time zone,
	"throttled_until" timestamp with time zone,
	"failed_attempts" integer DEFAULT 0 NOT NULL,
	"unlinks_confirmed" boolean DEFAULT false NOT NULL,
	"last_error" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sync_connections_owner_id_pk" PRIMARY KEY("owner_id"),
	CONSTRAINT "sync_connections_id_unique" UNIQUE("id")
);
--> statement-breakpoint
CREATE TABLE "sync_history" (
	"owner_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"run_id" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"side" text NOT NULL,
	"field" text,
	"action" text NOT NULL,
	"old_value" jsonb,
	"new_value" jsonb,
	"restorable" boolean DEFAULT false NOT NULL,
	"restored_at" timestamp with time zone,
	CONSTRAINT "sync_history_owner_id_id_pk" PRIMARY KEY("owner_id","id")
);
--> statement-breakpoint
CREATE TABLE "sync_links" (
	"owner_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"connection_id" uuid NOT NULL,
	"remote_id" text,
	"remote_etag" text,
	"base" jsonb,
	"synced_version" integer DEFAULT 0 NOT NULL,
	"state" text NOT NULL,
	"create_attempted_at" timestamp with time zone,
	"needs_push" boolean DEFAULT false NOT NULL,
	"seen_listing" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sync_links_owner_id_contact_id_pk" PRIMARY KEY("owner_id","contact_id")
);
--> statement-breakpoint
CREATE TABLE "sync_runs" (
	"owner_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"connection_id" uuid NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"outcome" text,
	"summary" jsonb,
	CONSTRAINT "sync_runs_owner_id_id_pk" PRIMARY KEY("owner_id","id")
);
--> statement-breakpoint
CREATE TABLE "sync_tombstones" (
	"owner_id" uuid NOT NULL,
	"connection_id" uuid NOT NULL,
	"remote_id" text NOT NULL,
	"etag_at_delete" text NOT NULL,
	"deleted_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sync_tombstones_connection_id_remote_id_pk" PRIMARY KEY("connection_id","remote_id")
);
--> statement-breakpoint
ALTER TABLE "legacy_integrations" ADD CONSTRAINT "legacy_integrations_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "oauth_states" ADD CONSTRAINT "oauth_states_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_connections" ADD CONSTRAINT "sync_connections_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_links" ADD CONSTRAINT "sync_links_connection_id_sync_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."sync_connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_links" ADD CONSTRAINT "sync_links_owner_id_contact_id_contacts_owner_id_id_fk" FOREIGN KEY ("owner_id","contact_id") REFERENCES "public"."contacts"("owner_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_runs" ADD CONSTRAINT "sync_runs_connection_id_sync_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."sync_connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_tombstones" ADD CONSTRAINT "sync_tombstones_connection_id_sync_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."sync_connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sync_connections_due_idx" ON "sync_connections" USING btree ("next_sync_at");--> statement-breakpoint
CREATE INDEX "sync_history_contact_idx" ON "sync_history" USING btree ("owner_id","contact_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "sync_links_remote_idx" ON "sync_links" USING btree ("connection_id","remote_id");--> statement-breakpoint
CREATE INDEX "sync_runs_connection_idx" ON "sync_runs" USING btree ("connection_id","started_at");--> statement-breakpoint
CREATE INDEX "sync_tombstones_owner_idx" ON "sync_tombstones" USING btree ("owner_id");