package org.amana.crypto.pkcs11;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.amana.crypto.TokenException;
import org.amana.crypto.TokenException.Reason;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Modules that cannot be used; needs no token. */
class Pkcs11TokenModuleTest {

  @Test
  void open_missingModule_noModuleAndPinZeroed(@TempDir Path dir) {
    char[] pin = "1234".toCharArray();
    TokenException e = assertThrows(TokenException.class,
        () -> Pkcs11Token.open(dir.resolve("missing.so"), "t", pin));
    assertEquals(Reason.NO_MODULE, e.reason());
    assertArrayEquals(new char[4], pin);
  }

  @Test
  void open_sharedLibraryThatIsNotPkcs11_noModule() {
    // Any ELF library without C_GetFunctionList will do; every Linux JDK ships this one.
    Path notPkcs11 = Path.of(System.getProperty("java.home"), "lib", "libzip.so");
    Assumptions.assumeTrue(Files.isRegularFile(notPkcs11), "not a Linux JDK");
    TokenException e = assertThrows(TokenException.class,
        () -> Pkcs11Token.open(notPkcs11, "t", "1234".toCharArray()));
    assertEquals(Reason.NO_MODULE, e.reason());
    assertTrue(e.getMessage().contains("not a PKCS#11 module"), e.getMessage());
  }
}
