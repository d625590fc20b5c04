-- The integrity log (issue 7): an append-only Merkle log (RFC 9162 hashing) whose leaves commit to
-- every committed submission and every custody event, and the gateway's signed checkpoints of it.
-- The leaf encoding is LeafFormat's (docs/integrity-log.md). No foreign key to submissions: a leaf
-- must outlive the rows it commits to, so that their loss is found, not cascaded away.

CREATE TABLE log_leaves (
    idx           bigint PRIMARY KEY CHECK (idx >= 0),
    kind          text NOT NULL CHECK (kind ~ '^[a-z_]{1,32}$'), -- 'submission' or a custody event's kind
    submission_id uuid NOT NULL,
    data          bytea NOT NULL,
    hash          bytea NOT NULL CHECK (octet_length(hash) = 32) -- SHA-256(0x00 || data)
);
CREATE INDEX log_leaves_by_submission ON log_leaves (submission_id, idx);

-- Signed tree heads: the C2SP checkpoint note as signed, with its size and root for queries.
CREATE TABLE checkpoints (
    size      bigint PRIMARY KEY CHECK (size >= 0),
    root      bytea NOT NULL CHECK (octet_length(root) = 32),
    note      text NOT NULL,
    signed_on date NOT NULL
);

-- Append-only, as a guard against mistakes (an operator's stray UPDATE): whoever owns the
-- database can drop these triggers, which is why the sweep and outside checkpoints exist.
CREATE FUNCTION amana_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the integrity log is append-only: % on % refused', TG_OP, TG_TABLE_NAME;
END
$$;
CREATE TRIGGER log_leaves_append_only BEFORE UPDATE OR DELETE ON log_leaves
    FOR EACH ROW EXECUTE FUNCTION amana_append_only();
CREATE TRIGGER log_leaves_no_truncate BEFORE TRUNCATE ON log_leaves
    FOR EACH STATEMENT EXECUTE FUNCTION amana_append_only();
CREATE TRIGGER checkpoints_append_only BEFORE UPDATE OR DELETE ON checkpoints
    FOR EACH ROW EXECUTE FUNCTION amana_append_only();
CREATE TRIGGER checkpoints_no_truncate BEFORE TRUNCATE ON checkpoints
    FOR EACH STATEMENT EXECUTE FUNCTION amana_append_only();
