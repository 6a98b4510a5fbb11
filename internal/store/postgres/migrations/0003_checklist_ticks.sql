-- Where each item of each person's onboarding checklist stands; the same table as
-- SQLite's 0003_checklist_ticks.sql, in PostgreSQL's types. A later change replaces
-- the row; every change applied is in the audit log (checklist.tick), whose entry
-- audit_seq names. at is when the change was made on the device; the change with the
-- latest at stands. Times are UTC text in 0001's form.

CREATE TABLE ticks (
	person_id BIGINT NOT NULL REFERENCES people (id),
	checklist TEXT COLLATE "C" NOT NULL,
	item      TEXT COLLATE "C" NOT NULL,
	done      BOOLEAN NOT NULL,
	at        TEXT COLLATE "C" NOT NULL,
	ticked_by TEXT NOT NULL,   -- the email of who changed it: the person or a supervisor
	audit_seq BIGINT NOT NULL REFERENCES audit_log (seq),
	PRIMARY KEY (person_id, checklist, item)
);
