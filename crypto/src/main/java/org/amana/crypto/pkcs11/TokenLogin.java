package org.amana.crypto.pkcs11;

import java.nio.file.Path;
import java.util.List;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.LoginException;
import org.amana.crypto.TokenException;
import org.amana.crypto.TokenException.Reason;

/** Finding a token by its label, logging in and out. */
final class TokenLogin {
  private TokenLogin() {}

  /** The one slot whose token carries {@code label}: NO_TOKEN if none, FAILED if several. */
  static ModuleProbe.Slot findToken(ModuleProbe probe, Path module, String label)
      throws TokenException {
    List<ModuleProbe.Slot> tokens = probe.tokens();
    List<ModuleProbe.Slot> matches = tokens.stream().filter(s -> s.label().equals(label)).toList();
    if (matches.isEmpty()) {
      List<String> present = tokens.stream().map(ModuleProbe.Slot::label)
          .filter(l -> !l.isEmpty()).map(l -> "'" + l + "'").toList();
      throw new TokenException(Reason.NO_TOKEN, "no token labelled '" + label + "' through "
          + module + (present.isEmpty() ? " (no initialised token is present)"
              : " (present: " + String.join(", ", present) + ")")
          + ". Plug the token in, or correct the label.");
    }
    if (matches.size() > 1) {
      throw new TokenException(Reason.FAILED, matches.size() + " tokens are labelled '" + label
          + "'. Unplug the others, or give each token its own label.");
    }
    return matches.getFirst();
  }

  /**
   * Logs in with {@code pin}, after logging out first: PKCS#11 keeps one login state per process
   * and token, and SunPKCS11 skips C_Login when it finds the token already logged in, which would
   * accept any PIN. {@link SlotProviders#claim} ensures no other open instance depends on it.
   */
  static void login(ModuleProbe probe, ModuleProbe.Slot slot, SlotProviders providers, char[] pin)
      throws TokenException {
    if ((slot.flags() & ModuleProbe.CKF_USER_PIN_LOCKED) != 0) {
      throw Failures.pinLocked(slot.label()); // do not spend an attempt that cannot succeed
    }
    if ((slot.flags() & ModuleProbe.CKF_USER_PIN_INITIALIZED) == 0) {
      throw new TokenException(Reason.FAILED, "the token '" + slot.label() + "' has no user PIN"
          + " yet. Set one with the token's tools (e.g. `pkcs11-tool --init-pin`), then retry.");
    }
    CallbackHandler handler = callbacks -> {
      for (Callback callback : callbacks) {
        if (!(callback instanceof PasswordCallback password)) {
          throw new UnsupportedCallbackException(callback);
        }
        password.setPassword(pin); // copies; SunPKCS11 wipes its copies after C_Login
      }
    };
    try {
      providers.agreement.logout();
      providers.agreement.login(null, handler);
      providers.signing.login(null, handler); // sees the shared login; refreshes its own state
    } catch (LoginException e) {
      throw Failures.login(slot.label(), e, currentFlags(probe, slot));
    }
  }

  /** Logs out; a token that has gone away has nothing left to log out of. */
  static void logout(SlotProviders providers) {
    try {
      providers.agreement.logout();
    } catch (LoginException | RuntimeException e) {
      // nothing to do: the session is gone with the token
    }
  }

  /** The token's flags now (after a failed login they may say "locked" or "final try"). */
  private static long currentFlags(ModuleProbe probe, ModuleProbe.Slot slot) {
    try {
      return probe.tokens().stream().filter(s -> s.id() == slot.id()).findFirst()
          .map(ModuleProbe.Slot::flags).orElse(0L);
    } catch (TokenException e) {
      return 0L;
    }
  }
}
