ALTER TYPE "mood" ADD VALUE 'happy';--> statement-breakpoint
CREATE TABLE "posts" (
	"id" integer PRIMARY KEY,
	"userId" integer
);
--> statement-breakpoint
ALTER TABLE "users" DROP CONSTRAINT "users_email_key";--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "name" text DEFAULT 'x';--> statement-breakpoint
ALTER TABLE "users" ALTER COLUMN "email" SET DATA TYPE varchar(200) USING "email"::varchar(200);--> statement-breakpoint
CREATE INDEX "users_name_idx" ON "users" ("name");--> statement-breakpoint
ALTER TABLE "posts" ADD CONSTRAINT "posts_userId_users_id_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "c" CHECK ("name" <> '');