package org.amana.crypto.pkcs11;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A key pair on a token, as {@link Pkcs11Token#listKeys} reports it: its label, what it may be used
 * for, and its public key as a 33-byte compressed SEC1 P-256 point.
 */
public record TokenKey(String label, Kind kind, byte[] publicKey) {

  /** What a key is for, as recorded when Amana generated it. The token enforces it. */
  public enum Kind {
    /** ECDH only (CKA_DERIVE): opens sealed files. */
    AGREEMENT,
    /** ECDSA only (CKA_SIGN): signs receipts and attestations. */
    SIGNING,
    /** Not made by Amana (its certificate records no single purpose); the token decides. */
    OTHER
  }

  public TokenKey {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(kind, "kind");
    publicKey = publicKey.clone();
  }

  @Override
  public byte[] publicKey() {
    return publicKey.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TokenKey k && label.equals(k.label) && kind == k.kind
        && Arrays.equals(publicKey, k.publicKey);
  }

  @Override
  public int hashCode() {
    return Objects.hash(label, kind, Arrays.hashCode(publicKey));
  }

  @Override
  public String toString() {
    return label + " (" + kind + ", " + HexFormat.of().formatHex(publicKey) + ")";
  }
}
