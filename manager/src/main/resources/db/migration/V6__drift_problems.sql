-- What keeps a drifted member's files from being used by its stack (a hand-edited value the o2cb rules refuse, a
-- cluster.conf that does not load), as its agent reports them: one line each, naming file, line, value and fix.
ALTER TABLE server_drift ADD COLUMN problems VARCHAR NOT NULL DEFAULT '';
