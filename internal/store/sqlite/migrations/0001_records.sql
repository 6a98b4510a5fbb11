-- The records: people, their workplaces, acknowledgments and the audit log.
-- Times are UTC text, 2006-01-02T15:04:05.000000Z, the form the audit hash covers.
-- Nothing here is ever deleted by handbok: people are disabled, not removed.

CREATE TABLE people (
	id            INTEGER PRIMARY KEY,
	email         TEXT NOT NULL UNIQUE,
	name          TEXT NOT NULL,
	role          TEXT NOT NULL CHECK (role IN ('employee', 'supervisor', 'admin')),
	start_date    TEXT NOT NULL DEFAULT '',   -- YYYY-MM-DD, or '' when not known
	disabled      INTEGER NOT NULL DEFAULT 0,
	password_hash TEXT NOT NULL DEFAULT ''    -- '' when the person has no password
);

CREATE TABLE person_workplaces (
	person_id INTEGER NOT NULL REFERENCES people (id),
	workplace TEXT NOT NULL,
	PRIMARY KEY (workplace, person_id)
);

-- seq is given by the store, one more than the head, inside the writing transaction.
CREATE TABLE audit_log (
	seq     INTEGER PRIMARY KEY,
	at      TEXT NOT NULL,
	actor   TEXT NOT NULL,
	action  TEXT NOT NULL,
	subject TEXT NOT NULL,
	data    TEXT NOT NULL,   -- canonical JSON, kept as the exact bytes that were hashed
	prev    TEXT NOT NULL,
	hash    TEXT NOT NULL
);

-- One row: the last entry appended. Every append updates it in the same transaction,
-- which also serialises appends from several processes on a database that has row locks.
CREATE TABLE audit_head (
	id   INTEGER PRIMARY KEY CHECK (id = 1),
	seq  INTEGER NOT NULL,
	hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE acks (
	id        INTEGER PRIMARY KEY,
	person_id INTEGER NOT NULL REFERENCES people (id),
	policy    TEXT NOT NULL,
	version   INTEGER NOT NULL,
	revision  TEXT NOT NULL,
	at        TEXT NOT NULL,
	how       TEXT NOT NULL CHECK (how IN ('button', 'api', 'sso')),
	audit_seq INTEGER NOT NULL REFERENCES audit_log (seq),
	UNIQUE (person_id, policy, version)
);
