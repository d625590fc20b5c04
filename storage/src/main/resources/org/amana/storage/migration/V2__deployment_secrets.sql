-- Per-deployment random keys, made once and shared by every gateway instance on this database:
-- the salt of receipt hashes and the key that signs check-in and reviewer-session tokens.
-- Whoever holds the database holds these too; they protect against forgery by outsiders and make
-- precomputed receipt tables useless across deployments, not against a seized database.
CREATE TABLE deployment_secrets (
    name  text PRIMARY KEY,
    value bytea NOT NULL CHECK (octet_length(value) >= 32)
);
