package org.amana.crypto.pkcs11;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Provider;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.amana.crypto.P256KeyAgreement;
import org.amana.crypto.TokenException;
import org.amana.crypto.TokenException.Reason;

/**
 * A logged-in PKCS#11 token (SoftHSM2, YubiKey through ykcs11, OpenSC cards, Nitrokey, ...) and
 * its P-256 keys, which never leave it. Open it with {@link #open}, then generate or find keys by
 * label; close it when done (this logs out). Uses the JDK's SunPKCS11 provider; the same code
 * path serves every module.
 *
 * <p>A generated key is token-resident, private, sensitive and never extractable, and has a single
 * use: an agreement key may only derive (ECDH), a signing key may only sign. Each key is stored
 * with a placeholder certificate ({@link PlaceholderCertificate}), which is how SunPKCS11 names
 * it; tools such as {@code pkcs11-tool -O} show the key's CKA_ID and the certificate's CKA_LABEL.
 */
public final class Pkcs11Token implements AutoCloseable {
  private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,63}");

  private final String tokenLabel;
  private final SlotProviders providers;
  private volatile boolean closed;

  private Pkcs11Token(String tokenLabel, SlotProviders providers) {
    this.tokenLabel = tokenLabel;
    this.providers = providers;
  }

  /**
   * Loads {@code module}, finds the token labelled {@code tokenLabel} and logs in with {@code pin}.
   * The PIN array is overwritten with zeros before this returns, whatever the outcome.
   */
  public static Pkcs11Token open(Path module, String tokenLabel, char[] pin)
      throws TokenException {
    try {
      Objects.requireNonNull(module, "module");
      Objects.requireNonNull(tokenLabel, "tokenLabel");
      Objects.requireNonNull(pin, "pin");
      Path path = module.toAbsolutePath().normalize();
      if (!Files.isRegularFile(path)) {
        throw new TokenException(Reason.NO_MODULE, "there is no PKCS#11 module at " + path
            + ": install the token's PKCS#11 library or correct the path");
      }
      ModuleProbe probe = ModuleProbe.load(path);
      ModuleProbe.Slot slot = TokenLogin.findToken(probe, path, tokenLabel);
      SlotProviders slotProviders = SlotProviders.of(path, slot, tokenLabel);
      slotProviders.claim(tokenLabel);
      try {
        TokenLogin.login(probe, slot, slotProviders, pin);
      } catch (TokenException | RuntimeException e) {
        slotProviders.release();
        throw e;
      }
      return new Pkcs11Token(tokenLabel, slotProviders);
    } finally {
      if (pin != null) {
        Arrays.fill(pin, '\0');
      }
    }
  }

  /** Generates a P-256 key that can only do ECDH; refuses (KEY_EXISTS) if the label is taken. */
  public P256KeyAgreement generateAgreementKey(String label) throws TokenException {
    generate(label, TokenKey.Kind.AGREEMENT, providers.agreement);
    return findAgreementKey(label); // read back: proves the label works before anyone relies on it
  }

  /** Generates a P-256 key that can only sign (ECDSA); KEY_EXISTS if the label is taken. */
  public TokenSigner generateSigningKey(String label) throws TokenException {
    generate(label, TokenKey.Kind.SIGNING, providers.signing);
    return findSigningKey(label);
  }

  /** The agreement key labelled {@code label}; KEY_NOT_FOUND if there is none. */
  public P256KeyAgreement findAgreementKey(String label) throws TokenException {
    ensureOpen();
    var found = KeyDirectory.find(provider(), label, TokenKey.Kind.AGREEMENT, toString());
    return new TokenAgreementKey(this, label, found.privateKey(), found.publicKey());
  }

  /** The signing key labelled {@code label}; KEY_NOT_FOUND if there is none. */
  public TokenSigner findSigningKey(String label) throws TokenException {
    ensureOpen();
    var found = KeyDirectory.find(provider(), label, TokenKey.Kind.SIGNING, toString());
    return new TokenSigningKey(this, label, found.privateKey(), found.publicKey());
  }

  /** Every P-256 key pair on the token that has a certificate (all keys Amana made), by label. */
  public List<TokenKey> listKeys() throws TokenException {
    ensureOpen();
    return KeyDirectory.list(provider(), toString());
  }

  /** Logs out. Keys obtained from this token stop working. Closing twice does nothing. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    TokenLogin.logout(providers);
    providers.release();
  }

  @Override
  public String toString() {
    return "token '" + tokenLabel + "'";
  }

  void ensureOpen() throws TokenException {
    if (closed) {
      throw new TokenException(Reason.FAILED, this + " was closed; open it again to use its keys");
    }
  }

  /** The provider for operations on existing keys (either would do: they share the login). */
  Provider provider() {
    return providers.agreement;
  }

  private synchronized void generate(String label, TokenKey.Kind kind, Provider provider)
      throws TokenException {
    ensureOpen();
    if (label == null || !LABEL.matcher(label).matches()) {
      throw new IllegalArgumentException("a key label is 1 to 64 letters, digits or ._:@-,"
          + " starting with a letter or digit: " + label);
    }
    KeyDirectory.generate(provider, label, kind, toString());
  }
}
