-- Users have roles (the first user, admin, stays an admin); events and jobs record who acted (null: the manager
-- itself, e.g. the status monitor). Names are kept as text so the audit survives a user's removal.
ALTER TABLE users ADD COLUMN user_role VARCHAR(16) DEFAULT 'ADMIN' NOT NULL;
ALTER TABLE events ADD COLUMN user_name VARCHAR(64);
ALTER TABLE jobs ADD COLUMN created_by VARCHAR(64);
