-- Whether a pool's nodes all live on one host's loopback (127.0.0.0/8): the demo and the end-to-end tests. Only such
-- a pool lets the agents' preflight accept loopback cluster addresses and host-name mappings. NULL: not declared (a
-- pool counts as loopback-local while all its addresses are loopback addresses).
ALTER TABLE pools ADD COLUMN loopback_pool BOOLEAN;
