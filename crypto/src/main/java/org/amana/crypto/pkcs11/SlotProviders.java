package org.amana.crypto.pkcs11;

import java.nio.file.Path;
import java.security.AuthProvider;
import java.security.Provider;
import java.security.Security;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.amana.crypto.TokenException;
import org.amana.crypto.TokenException.Reason;

/**
 * The two SunPKCS11 providers of one token (see {@link ProviderConfig}), made once per process and
 * reused: a configured SunPKCS11 provider cannot be unloaded, so making new ones on every open
 * would only pile up sessions.
 *
 * <p>It also allows one open {@link Pkcs11Token} per token and process. PKCS#11 keeps the login
 * state per process and token, and SunPKCS11 skips C_Login when already logged in, so a second
 * open would "succeed" with any PIN, and the first one's close would log the second one out.
 */
final class SlotProviders {
  private static final Map<String, SlotProviders> ALL = new ConcurrentHashMap<>();

  final AuthProvider agreement;
  final AuthProvider signing;
  private boolean open; // guarded by this

  private SlotProviders(AuthProvider agreement, AuthProvider signing) {
    this.agreement = agreement;
    this.signing = signing;
  }

  static SlotProviders of(Path module, ModuleProbe.Slot slot, String label)
      throws TokenException {
    String key = module + "#" + Long.toUnsignedString(slot.id());
    SlotProviders providers = ALL.get(key);
    if (providers == null) {
      providers = new SlotProviders(configure(ProviderConfig.agreement(module, slot), label),
          configure(ProviderConfig.signing(module, slot), label));
      SlotProviders raced = ALL.putIfAbsent(key, providers);
      providers = raced != null ? raced : providers;
    }
    return providers;
  }

  private static AuthProvider configure(String config, String label) throws TokenException {
    Provider base = Security.getProvider("SunPKCS11");
    if (base == null) {
      throw new TokenException(Reason.NO_MODULE, "this Java runtime has no SunPKCS11 provider:"
          + " use a full JDK, or add the module jdk.crypto.cryptoki to the jlink image");
    }
    try {
      return (AuthProvider) base.configure("--" + config);
    } catch (RuntimeException e) { // InvalidParameterException or ProviderException
      throw new TokenException(Reason.FAILED, "SunPKCS11 could not use the token '" + label
          + "' (" + e.getMessage() + "). Check that it is still plugged in, then try again.", e);
    }
  }

  synchronized void claim(String label) throws TokenException {
    if (open) {
      throw new TokenException(Reason.FAILED, "the token '" + label + "' is already open in this"
          + " program; close it (Pkcs11Token.close) before opening it again");
    }
    open = true;
  }

  synchronized void release() {
    open = false;
  }
}
