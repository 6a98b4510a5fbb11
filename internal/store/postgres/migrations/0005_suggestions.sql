-- Suggestions; the same table as SQLite's 0005_suggestions.sql, in PostgreSQL's types.
-- A row is never deleted; its status moves between open, answered and handled, and each
-- change is in the audit log, whose latest entry audit_seq names.

CREATE TABLE suggestions (
	id          BIGSERIAL PRIMARY KEY,
	page        TEXT COLLATE "C" NOT NULL,
	title       TEXT NOT NULL,
	revision    TEXT COLLATE "C" NOT NULL DEFAULT '',
	author_id   BIGINT NOT NULL REFERENCES people (id),
	kind        TEXT COLLATE "C" NOT NULL,
	passage     TEXT NOT NULL DEFAULT '',
	text        TEXT NOT NULL,
	status      TEXT COLLATE "C" NOT NULL DEFAULT 'open',
	answer      TEXT NOT NULL DEFAULT '',
	answered_by TEXT NOT NULL DEFAULT '',   -- the email of who last answered or changed the status
	created     TEXT COLLATE "C" NOT NULL,
	updated     TEXT COLLATE "C" NOT NULL,
	audit_seq   BIGINT REFERENCES audit_log (seq)   -- set in the transaction that writes the row
);
CREATE INDEX suggestions_author ON suggestions (author_id, id);
CREATE INDEX suggestions_status ON suggestions (status, id);
