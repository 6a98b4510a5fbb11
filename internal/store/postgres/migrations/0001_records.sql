-- The records: people, their workplaces, acknowledgments and the audit log; the same
-- tables as SQLite's 0001_records.sql, in PostgreSQL's types.
-- Times are UTC text, 2006-01-02T15:04:05.000000Z, the form the audit hash covers, and
-- audit_log.data is text, not jsonb, which would rewrite the JSON that was hashed.
-- Text that is sorted or compared is COLLATE "C", so that the order is byte order as in
-- SQLite, whatever locale the database was created with.
-- Nothing here is ever deleted by handbok: people are disabled, not removed.

CREATE TABLE people (
	id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	email         TEXT COLLATE "C" NOT NULL UNIQUE,
	name          TEXT NOT NULL,
	role          TEXT NOT NULL CHECK (role IN ('employee', 'supervisor', 'admin')),
	start_date    TEXT NOT NULL DEFAULT '',   -- YYYY-MM-DD, or '' when not known
	disabled      BOOLEAN NOT NULL DEFAULT FALSE,
	password_hash TEXT NOT NULL DEFAULT ''    -- '' when the person has no password
);

CREATE TABLE person_workplaces (
	person_id BIGINT NOT NULL REFERENCES people (id),
	workplace TEXT COLLATE "C" NOT NULL,
	PRIMARY KEY (workplace, person_id)
);

-- seq is given by the store, one more than the head, inside the writing transaction.
CREATE TABLE audit_log (
	seq     BIGINT PRIMARY KEY,
	at      TEXT NOT NULL,
	actor   TEXT NOT NULL,
	action  TEXT NOT NULL,
	subject TEXT NOT NULL,
	data    TEXT NOT NULL,   -- canonical JSON, kept as the exact bytes that were hashed
	prev    TEXT NOT NULL,
	hash    TEXT NOT NULL
);

-- One row: the last entry appended. Every write locks it first (SELECT … FOR UPDATE),
-- which serialises the writes of every instance on the database.
CREATE TABLE audit_head (
	id   INTEGER PRIMARY KEY CHECK (id = 1),
	seq  BIGINT NOT NULL,
	hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE acks (
	id        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	person_id BIGINT NOT NULL REFERENCES people (id),
	policy    TEXT COLLATE "C" NOT NULL,
	version   INTEGER NOT NULL,
	revision  TEXT NOT NULL,
	at        TEXT COLLATE "C" NOT NULL,
	how       TEXT NOT NULL CHECK (how IN ('button', 'api', 'sso')),
	audit_seq BIGINT NOT NULL REFERENCES audit_log (seq),
	UNIQUE (person_id, policy, version)
);
