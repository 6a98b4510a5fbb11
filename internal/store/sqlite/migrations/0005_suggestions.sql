-- Suggestions: what staff tell a page's owner is unclear, out of date or wrong. A row is
-- never deleted; its status moves between open, answered and handled, and each change is
-- in the audit log (suggestion.add, suggestion.status), whose latest entry audit_seq
-- names. page is the page's id (a policy's or checklist's) or its URL; title and
-- revision are the page's when the suggestion was written. Times are UTC text in 0001's
-- form.

CREATE TABLE suggestions (
	id          INTEGER PRIMARY KEY,
	page        TEXT NOT NULL,
	title       TEXT NOT NULL,
	revision    TEXT NOT NULL DEFAULT '',
	author_id   INTEGER NOT NULL REFERENCES people (id),
	kind        TEXT NOT NULL,
	passage     TEXT NOT NULL DEFAULT '',
	text        TEXT NOT NULL,
	status      TEXT NOT NULL DEFAULT 'open',
	answer      TEXT NOT NULL DEFAULT '',
	answered_by TEXT NOT NULL DEFAULT '',   -- the email of who last answered or changed the status
	created     TEXT NOT NULL,
	updated     TEXT NOT NULL,
	audit_seq   INTEGER REFERENCES audit_log (seq)   -- set in the transaction that writes the row
);
CREATE INDEX suggestions_author ON suggestions (author_id, id);
CREATE INDEX suggestions_status ON suggestions (status, id);
