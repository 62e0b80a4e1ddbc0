ALTER TABLE "posts" RENAME TO "articles";--> statement-breakpoint
ALTER TABLE "articles" RENAME COLUMN "userId" TO "authorId";