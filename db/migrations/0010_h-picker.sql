ALTER TABLE `units` ADD `pinyin` text;--> statement-breakpoint
ALTER TABLE `units` ADD `pinyin_initials` text;--> statement-breakpoint
CREATE INDEX `units_pinyin_initials_idx` ON `units` (`pinyin_initials`);--> statement-breakpoint
CREATE INDEX `units_pinyin_idx` ON `units` (`pinyin`);