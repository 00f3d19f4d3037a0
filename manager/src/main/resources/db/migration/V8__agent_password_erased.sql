-- The agent password is used once, to enrol the manager's certificate with the agent; then it is erased (NULL).
ALTER TABLE servers ALTER COLUMN agent_password DROP NOT NULL;
