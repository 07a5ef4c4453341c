-- What a media request used, kept beside its tokens: images generated, and milliseconds of audio or video produced
-- (or of audio transcribed). NULL when none (rows from before media, and chat rows): nullable columns without a
-- default are added without rewriting the table, and a NULL takes only a bit of a row's null bitmap.
ALTER TABLE ledger_entries
    ADD COLUMN images       BIGINT,
    ADD COLUMN media_millis BIGINT;
