-- Where each item of each person's onboarding checklist stands: the last change to it,
-- one row per person and item. A later change replaces the row; every change applied
-- is in the audit log (checklist.tick), whose entry audit_seq names.
-- at is when the change was made on the device, which an offline device sends later;
-- the change with the latest at stands. Times are UTC text in 0001's form.

CREATE TABLE ticks (
	person_id INTEGER NOT NULL REFERENCES people (id),
	checklist TEXT NOT NULL,
	item      TEXT NOT NULL,
	done      INTEGER NOT NULL,
	at        TEXT NOT NULL,
	ticked_by TEXT NOT NULL,   -- the email of who changed it: the person or a supervisor
	audit_seq INTEGER NOT NULL REFERENCES audit_log (seq),
	PRIMARY KEY (person_id, checklist, item)
);
