package org.amana.crypto.pkcs11;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.ProviderException;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;
import org.amana.crypto.TokenException.Reason;
import org.junit.jupiter.api.Test;

/** The mapping of PKCS#11 failures; SoftHSM2 never locks a PIN, so that part is tested here. */
class FailuresTest {

  private static LoginException loginFailure(String pkcs11Message) {
    LoginException e = new LoginException();
    e.initCause(new Exception(pkcs11Message)); // what SunPKCS11's PKCS11Exception looks like
    return e;
  }

  @Test
  void login_lockedFlag_pinLocked() {
    var e = Failures.login("t", new FailedLoginException(), ModuleProbe.CKF_USER_PIN_LOCKED);
    assertEquals(Reason.PIN_LOCKED, e.reason());
  }

  @Test
  void login_ckrPinLocked_pinLocked() {
    assertEquals(Reason.PIN_LOCKED,
        Failures.login("t", loginFailure("CKR_PIN_LOCKED"), 0).reason());
  }

  @Test
  void login_failedLogin_wrongPin() {
    assertEquals(Reason.WRONG_PIN, Failures.login("t", new FailedLoginException(), 0).reason());
  }

  @Test
  void login_finalTryFlag_wrongPinWithWarning() {
    var e = Failures.login("t", new FailedLoginException(), ModuleProbe.CKF_USER_PIN_FINAL_TRY);
    assertEquals(Reason.WRONG_PIN, e.reason());
    assertTrue(e.getMessage().contains("one more wrong PIN"), e.getMessage());
  }

  @Test
  void login_pinLengthOutOfRange_wrongPin() {
    assertEquals(Reason.WRONG_PIN,
        Failures.login("t", loginFailure("CKR_PIN_LEN_RANGE"), 0).reason());
  }

  @Test
  void login_otherError_failed() {
    var e = Failures.login("t", loginFailure("CKR_DEVICE_REMOVED"), 0);
    assertEquals(Reason.FAILED, e.reason());
    assertTrue(e.getMessage().contains("CKR_DEVICE_REMOVED"), e.getMessage());
  }

  @Test
  void operation_keyFunctionNotPermitted_failedWithExplanation() {
    var e = Failures.operation("ECDH", new ProviderException("Could not derive key",
        new Exception("CKR_KEY_FUNCTION_NOT_PERMITTED")));
    assertEquals(Reason.FAILED, e.reason());
    assertTrue(e.getMessage().contains("does not allow this key"), e.getMessage());
  }

  @Test
  void pkcs11Code_noCode_null() {
    assertNull(Failures.pkcs11Code(new RuntimeException("plain")));
  }
}
