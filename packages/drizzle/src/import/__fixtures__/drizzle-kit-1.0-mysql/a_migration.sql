CREATE TABLE `users` (
	`id` int AUTO_INCREMENT PRIMARY KEY,
	`email` varchar(100) NOT NULL,
	`mood` enum('sad','ok'),
	CONSTRAINT `email_unique` UNIQUE INDEX(`email`)
);
