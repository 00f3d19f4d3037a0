-- Structured details of an event as a JSON document, for the events that carry more than their message: a
-- fence.node-fenced event holds the node's fence record (rule, reason, counts, peers, write latencies). NULL: none.
-- VARCHAR without a length is unbounded text in both H2 2.x and PostgreSQL.
ALTER TABLE events ADD COLUMN details VARCHAR;
