-- Consent (issue 6): the defender's consent events and reviewers' consent requests, both sealed.
--
-- An event (given, changed, withdrawn, an answer) is sealed to the reviewers and to the defender's
-- reply key; a request is sealed to the defender's reply key only. This database can open neither.
-- Each row names its submission, as replies do, and nothing more: the receipt lookup already leads
-- to the submission, and no column here adds a way to link a row to a receipt or to a person.
-- Days only (no precise time), like every other table.

CREATE TABLE consent_events (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    submission_id uuid NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    made_on       date NOT NULL,
    sealed        bytea NOT NULL,
    sealed_sha256 bytea NOT NULL CHECK (octet_length(sealed_sha256) = 32)
);
CREATE INDEX consent_events_by_submission ON consent_events (submission_id, id);

CREATE TABLE consent_requests (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    submission_id uuid NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    sent_on       date NOT NULL,
    sealed        bytea NOT NULL,
    sealed_sha256 bytea NOT NULL CHECK (octet_length(sealed_sha256) = 32),
    UNIQUE (submission_id, sealed_sha256)
);
CREATE INDEX consent_requests_by_submission ON consent_requests (submission_id, id);

-- A withdrawal must stay on record: consent events are append-only, like the integrity log.
CREATE TRIGGER consent_events_append_only BEFORE UPDATE ON consent_events
    FOR EACH ROW EXECUTE FUNCTION amana_append_only();
