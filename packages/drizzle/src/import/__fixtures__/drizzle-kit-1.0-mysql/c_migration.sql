RENAME TABLE `posts` TO `articles`;--> statement-breakpoint
ALTER TABLE `users` RENAME COLUMN `name` TO `display_name`;