-- Amana schema, version 1.
--
-- No traces: no column may hold an IP address, a user agent or a precise time. Dates are days
-- (type date, UTC), written by the application; never "timestamptz DEFAULT now()". The precise time
-- of receipt lives only inside the sealed manifest. StoreSchemaTest checks every column's type.
--
-- Everything a defender sent is sealed (age) before it reaches this database; the cleartext here is
-- what operation needs: opaque random ids, coarse dates, sealed sizes, hashes of sealed bytes, state.

-- A submission is 'receiving' while its files stream in and becomes 'committed' in the one
-- transaction that also stores its manifest and receipt. Reviewer queries see committed ones only.
CREATE TABLE submissions (
    id          uuid PRIMARY KEY,
    received_on date NOT NULL,
    state       text NOT NULL CHECK (state IN ('receiving', 'committed'))
);
CREATE INDEX submissions_by_state ON submissions (state, received_on);

-- A sealed blob (age file). Size and hash are NULL until the writer finishes it; a committed
-- submission has only finished blobs.
CREATE TABLE blobs (
    id            uuid PRIMARY KEY,
    submission_id uuid NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    kind          text NOT NULL CHECK (kind IN ('manifest', 'file')),
    ordinal       integer NOT NULL CHECK (ordinal >= 0),
    sealed_size   bigint CHECK (sealed_size >= 0),
    sealed_sha256 bytea CHECK (octet_length(sealed_sha256) = 32),
    UNIQUE (submission_id, kind, ordinal),
    CHECK ((sealed_size IS NULL) = (sealed_sha256 IS NULL))
);

-- A blob's sealed bytes, in order, one row per append (about 256 KiB each), so that neither writing
-- nor reading ever holds a whole blob, and a blob can be several GiB.
CREATE TABLE blob_chunks (
    blob_id uuid NOT NULL REFERENCES blobs (id) ON DELETE CASCADE,
    idx     integer NOT NULL CHECK (idx >= 0),
    data    bytea NOT NULL,
    PRIMARY KEY (blob_id, idx)
);
-- Sealed bytes do not compress: store them out of line without trying.
ALTER TABLE blob_chunks ALTER COLUMN data SET STORAGE EXTERNAL;

-- The gateway's hash of a receipt code (never the code) leads to the submission; the reply recipient
-- is a public key derived from the receipt, so replies are sealed to the defender alone.
CREATE TABLE receipts (
    lookup          bytea PRIMARY KEY CHECK (octet_length(lookup) > 0),
    submission_id   uuid NOT NULL UNIQUE REFERENCES submissions (id) ON DELETE CASCADE,
    reply_recipient text NOT NULL
);

-- Sealed replies to the defender, oldest first by id.
CREATE TABLE replies (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    submission_id uuid NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    sent_on       date NOT NULL,
    sealed        bytea NOT NULL,
    sealed_sha256 bytea NOT NULL CHECK (octet_length(sealed_sha256) = 32)
);
CREATE INDEX replies_by_submission ON replies (submission_id, id);

-- Reviewers sign in to the reviewer API by signing a challenge with their token's key.
CREATE TABLE reviewers (
    id           uuid PRIMARY KEY,
    display_name text NOT NULL,
    login_key    bytea NOT NULL CHECK (octet_length(login_key) > 0), -- SubjectPublicKeyInfo, DER
    active       boolean NOT NULL,
    added_on     date NOT NULL
);
CREATE UNIQUE INDEX reviewers_active_login_key ON reviewers (login_key) WHERE active;

-- The age recipients that new submissions are sealed to (every active one).
CREATE TABLE recipients (
    id          uuid PRIMARY KEY,
    recipient   text NOT NULL,
    label       text NOT NULL,
    reviewer_id uuid REFERENCES reviewers (id),
    active      boolean NOT NULL,
    added_on    date NOT NULL
);
CREATE UNIQUE INDEX recipients_active ON recipients (recipient) WHERE active;
CREATE INDEX recipients_by_reviewer ON recipients (reviewer_id);
