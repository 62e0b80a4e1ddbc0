CREATE TABLE `posts` (
	`id` int AUTO_INCREMENT PRIMARY KEY,
	`userId` int NOT NULL,
	`title` varchar(200) NOT NULL,
	CONSTRAINT `posts_userId_users_id_fkey` FOREIGN KEY (`userId`) REFERENCES `users`(`id`)
);
--> statement-breakpoint
ALTER TABLE `users` ADD `name` varchar(50) DEFAULT 'anon';--> statement-breakpoint
CREATE INDEX `users_name_idx` ON `users` (`name`);--> statement-breakpoint
ALTER TABLE `users` ADD CONSTRAINT `name_len` CHECK (char_length(`users`.`name`) > 0);