-- Sessions of people signed in, and the text of every policy revision the server has
-- served. Times are UTC text in the same form as 0001's, so that they sort as they
-- compare.

-- A session is not a record: ending one (signing out, disabling the person, or expiry)
-- deletes its row, and nothing is written to the audit log for it. token_hash is the
-- hex SHA-256 of the token the browser holds; the token itself is never kept.
CREATE TABLE sessions (
	token_hash TEXT PRIMARY KEY,
	person_id  INTEGER NOT NULL REFERENCES people (id),
	how        TEXT NOT NULL CHECK (how IN ('button', 'sso')),
	created    TEXT NOT NULL,
	last_seen  TEXT NOT NULL,
	expires    TEXT NOT NULL   -- after this the store may delete the row
);
CREATE INDEX sessions_person ON sessions (person_id);
CREATE INDEX sessions_expires ON sessions (expires);

-- The text of a policy's revision as it was first served, for showing what changed
-- since the one a person acknowledged. Rows are added, never changed or deleted. They
-- are not in the audit log: keeping a text is nothing anyone did, and what the records
-- must prove, which revision a person acknowledged, is in the acknowledgment's audit
-- entry, which names it. A revision is a hash of the policy's source, so the source's
-- history shows which text it names; this copy only serves to show the difference.
CREATE TABLE revisions (
	policy       TEXT NOT NULL,
	version      INTEGER NOT NULL,
	revision     TEXT NOT NULL,
	title        TEXT NOT NULL,
	text         TEXT NOT NULL,
	first_served TEXT NOT NULL,
	PRIMARY KEY (policy, version, revision)
);
