/**
 * The integrity log's cryptography: RFC 9162 Merkle tree hashing ({@link org.amana.crypto.tlog.LogHash}),
 * inclusion and consistency proofs ({@link org.amana.crypto.tlog.Proofs}), and C2SP checkpoints
 * ({@link org.amana.crypto.tlog.Checkpoint}) in signed notes ({@link org.amana.crypto.tlog.SignedNote})
 * with Ed25519 keys ({@link org.amana.crypto.tlog.NoteSigner}, {@link org.amana.crypto.tlog.NoteVerifier}).
 * Knows nothing of where leaves are stored.
 */
package org.amana.crypto.tlog;
