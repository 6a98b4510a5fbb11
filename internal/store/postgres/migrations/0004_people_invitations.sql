-- A person's job title and the day their onboarding was marked finished early, and the
-- invitations a supervisor gives a new person to set their first password; the same as
-- SQLite's 0004_people_invitations.sql, in PostgreSQL's types.

ALTER TABLE people ADD COLUMN title TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN onboarded TEXT NOT NULL DEFAULT '';   -- YYYY-MM-DD, or ''

-- An invitation is a one-time link. token_hash is the hex SHA-256 of the token in the
-- link; the token itself is never kept. A row is never deleted: spent is when it was
-- used ('' until then), and a link past expires, or older (by id) than the person's
-- latest invitation, no longer works.
CREATE TABLE invitations (
	id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	token_hash TEXT NOT NULL UNIQUE,
	person_id  BIGINT NOT NULL REFERENCES people (id),
	created    TEXT COLLATE "C" NOT NULL,
	expires    TEXT COLLATE "C" NOT NULL,
	spent      TEXT COLLATE "C" NOT NULL DEFAULT ''
);
CREATE INDEX invitations_person ON invitations (person_id, id);
