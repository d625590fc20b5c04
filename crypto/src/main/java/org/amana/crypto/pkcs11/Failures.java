package org.amana.crypto.pkcs11;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;
import org.amana.crypto.TokenException;
import org.amana.crypto.TokenException.Reason;

/**
 * Turns SunPKCS11's exceptions into {@link TokenException}s a person can act on. SunPKCS11's own
 * PKCS11Exception is not exported, so the CKR_ name is read from its message, which is the
 * constant's name; token flags (read directly from the module) take precedence where they exist.
 * No message ever contains the PIN: none of the inputs here can hold it.
 */
final class Failures {
  private static final Pattern CKR = Pattern.compile("CKR_[A-Z0-9_]+");

  private Failures() {}

  /** A failed C_Login. {@code flags} are the token's flags read after the attempt. */
  static TokenException login(String token, LoginException e, long flags) {
    String code = pkcs11Code(e);
    if ((flags & ModuleProbe.CKF_USER_PIN_LOCKED) != 0 || "CKR_PIN_LOCKED".equals(code)) {
      return pinLocked(token);
    }
    if (e instanceof FailedLoginException || "CKR_PIN_INCORRECT".equals(code)
        || "CKR_PIN_LEN_RANGE".equals(code)) {
      String left = (flags & ModuleProbe.CKF_USER_PIN_FINAL_TRY) != 0
          ? " Careful: one more wrong PIN locks the token."
          : (flags & ModuleProbe.CKF_USER_PIN_COUNT_LOW) != 0
              ? " Careful: few attempts are left before the token locks." : "";
      return new TokenException(Reason.WRONG_PIN, "the token '" + token
          + "' refused the PIN. Check it and try again." + left, e);
    }
    return new TokenException(Reason.FAILED, "could not log in to the token '" + token + "' ("
        + describe(e) + "). Check that it is plugged in and initialised.", e);
  }

  static TokenException pinLocked(String token) {
    return new TokenException(Reason.PIN_LOCKED, "the PIN of the token '" + token
        + "' is locked after too many wrong attempts. Unlock it with the SO PIN or PUK"
        + " (for example `pkcs11-tool --init-pin --login --login-type so`), then try again.");
  }

  /** Any other failure of {@code what} (e.g. "ECDH with key 'x' on token 'y'"). */
  static TokenException operation(String what, Throwable e) {
    String code = pkcs11Code(e);
    String advice = "CKR_KEY_FUNCTION_NOT_PERMITTED".equals(code)
        ? ": the token does not allow this key to be used for that (its attributes forbid it)"
        : "CKR_USER_NOT_LOGGED_IN".equals(code)
            ? ": the token is no longer logged in; open it again"
            : ". Check that the token is still plugged in, then try again";
    return new TokenException(Reason.FAILED, what + " failed (" + describe(e) + ")" + advice, e);
  }

  /** The first PKCS#11 return-value name in the cause chain, or null. */
  static String pkcs11Code(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null) {
        Matcher m = CKR.matcher(t.getMessage());
        if (m.find()) {
          return m.group();
        }
      }
    }
    return null;
  }

  private static String describe(Throwable e) {
    String code = pkcs11Code(e);
    return code != null ? code : e.getClass().getSimpleName() + ": " + e.getMessage();
  }
}
