-- A member whose live config differs from its pool's generation (behind, ahead, or hand-edited): what it runs, what
-- it should run, and the line diff, kept until a re-sync or a later poll finds it in step. One row per drifting
-- server; removed with the server.
CREATE TABLE server_drift (
    server_id           BIGINT  NOT NULL PRIMARY KEY REFERENCES servers (id) ON DELETE CASCADE,
    detected_at         BIGINT  NOT NULL,
    live_generation     BIGINT,
    expected_generation BIGINT  NOT NULL,
    live_checksum       VARCHAR,
    expected_checksum   VARCHAR NOT NULL,
    hand_edited         BOOLEAN NOT NULL,
    diff                VARCHAR NOT NULL
);
