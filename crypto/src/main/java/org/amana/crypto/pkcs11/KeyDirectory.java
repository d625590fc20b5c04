package org.amana.crypto.pkcs11;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.ProviderException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import org.amana.crypto.TokenException;
import org.amana.crypto.TokenException.Reason;

/**
 * The key pairs on one token, through SunPKCS11's KeyStore: P11KeyStore names a private key by the
 * CKA_LABEL of the certificate that shares its CKA_ID, so every key is stored with a
 * {@link PlaceholderCertificate}. {@code where} names the token in messages.
 */
final class KeyDirectory {
  private KeyDirectory() {}

  /** A private key (a handle to the token object) and its public key, as a software key. */
  record Found(PrivateKey privateKey, ECPublicKey publicKey) {}

  /** Generates a key pair with {@code provider}'s template and labels it; KEY_EXISTS if taken. */
  static void generate(Provider provider, String label, TokenKey.Kind kind, String where)
      throws TokenException {
    KeyStore store = load(provider, where); // P11KeyStore labels only its own provider's keys
    try {
      if (store.containsAlias(label)) {
        throw new TokenException(Reason.KEY_EXISTS, where + " already has a key labelled '" + label
            + "'. Choose another label, or use the existing key (see `ops/console token list`).");
      }
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", provider);
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair pair = generator.generateKeyPair();
      if (pair.getPrivate().getEncoded() != null) { // the token ignored CKA_SENSITIVE/EXTRACTABLE
        throw new TokenException(Reason.FAILED, where + " made an extractable key despite the"
            + " template; it was left unlabelled and unused. Use a token that honours"
            + " CKA_EXTRACTABLE=false, and delete the unlabelled key with the token's tools.");
      }
      X509Certificate certificate =
          PlaceholderCertificate.create(label, kind, (ECPublicKey) pair.getPublic());
      // P11KeyStore sets CKA_ID=label on the token key (C_SetAttributeValue), then stores the
      // certificate with the same CKA_ID and CKA_LABEL=label. The key's attributes are unchanged.
      store.setEntry(label,
          new KeyStore.PrivateKeyEntry(pair.getPrivate(), new Certificate[] {certificate}), null);
    } catch (GeneralSecurityException | ProviderException e) {
      throw Failures.operation("generating the key '" + label + "' on " + where, e);
    }
  }

  /** The key labelled {@code label} if it is of {@code kind} (or of no recorded kind). */
  static Found find(Provider provider, String label, TokenKey.Kind kind, String where)
      throws TokenException {
    KeyStore store = load(provider, where);
    try {
      if (label != null && store.getKey(label, null) instanceof PrivateKey privateKey
          && store.getCertificate(label) instanceof X509Certificate c
          && P256.isP256(c.getPublicKey())) {
        TokenKey.Kind found = PlaceholderCertificate.kindOf(c);
        if (found != kind && found != TokenKey.Kind.OTHER) {
          throw new TokenException(Reason.KEY_NOT_FOUND, "the key '" + label + "' on " + where
              + " is " + describe(found) + ", not " + describe(kind)
              + ": check the label (see `ops/console token list`)");
        }
        return new Found(privateKey, P256.softwareCopy((ECPublicKey) c.getPublicKey()));
      }
    } catch (GeneralSecurityException | ProviderException e) {
      throw Failures.operation("reading the key '" + label + "' on " + where, e);
    }
    throw new TokenException(Reason.KEY_NOT_FOUND, "there is no P-256 key labelled '" + label
        + "' on " + where + ". Create one with `ops/console token init`, or check the label with"
        + " `ops/console token list`.");
  }

  /** Every P-256 key pair that has a certificate, sorted by label. */
  static List<TokenKey> list(Provider provider, String where) throws TokenException {
    KeyStore store = load(provider, where);
    List<TokenKey> keys = new ArrayList<>();
    try {
      for (String alias : Collections.list(store.aliases())) {
        if (store.isKeyEntry(alias) && store.getCertificate(alias) instanceof X509Certificate c
            && P256.isP256(c.getPublicKey())) {
          keys.add(new TokenKey(alias, PlaceholderCertificate.kindOf(c),
              P256.compress((ECPublicKey) c.getPublicKey())));
        }
      }
    } catch (GeneralSecurityException | ProviderException e) {
      throw Failures.operation("listing the keys on " + where, e);
    }
    keys.sort(Comparator.comparing(TokenKey::label));
    return keys;
  }

  /** A fresh view: P11KeyStore scans the token only when loaded, then caches. */
  private static KeyStore load(Provider provider, String where) throws TokenException {
    try {
      KeyStore store = KeyStore.getInstance("PKCS11", provider);
      store.load(null, null); // already logged in, so P11KeyStore's login is a no-op
      return store;
    } catch (GeneralSecurityException | IOException | ProviderException e) {
      throw Failures.operation("reading the keys on " + where, e);
    }
  }

  private static String describe(TokenKey.Kind kind) {
    return kind == TokenKey.Kind.AGREEMENT ? "an agreement (ECDH) key" : "a signing key";
  }
}
