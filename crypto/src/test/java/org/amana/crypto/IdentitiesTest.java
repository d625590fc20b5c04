package org.amana.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class IdentitiesTest {
  private final X25519Identity x = X25519Identity.generate();
  private final MlKem768X25519Identity pq = MlKem768X25519Identity.generate();

  @Test
  void parseFile_commentsBlankLinesCrlf_bothKinds() {
    String text = "# created: today\r\n# public key: " + x.recipient().encoded() + "\r\n" + x.insecureEncoding() + "\r\n\r\n"
        + "   \n" + pq.insecureEncoding() + "\n";
    List<Identity> ids = Identities.parseFile(text);
    assertEquals(2, ids.size());
    assertInstanceOf(X25519Identity.class, ids.get(0));
    assertEquals(x.recipient(), ((X25519Identity) ids.get(0)).recipient());
    assertEquals(pq.recipient(), ((MlKem768X25519Identity) ids.get(1)).recipient());
  }

  @Test
  void parseFile_unknownLine_namesLineNumber() {
    String secretLooking = "AGE-PLUGIN-YUBIKEY-1QQQQQQQQQQQQQQQQQQQQQ";
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Identities.parseFile("# comment\n" + x.insecureEncoding() + "\n" + secretLooking + "\n"));
    assertTrue(e.getMessage().contains("line 3"), e.getMessage());
    assertFalse(e.getMessage().contains(secretLooking), "the line's content is never echoed");
  }

  @Test
  void parseFile_damagedKey_neverEchoesSecret() {
    String s = x.insecureEncoding();
    String damaged = s.substring(0, s.length() - 1) + (s.endsWith("Q") ? "P" : "Q");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Identities.parseFile(damaged));
    assertTrue(e.getMessage().contains("line 1"), e.getMessage());
    assertFalse(e.getMessage().contains(s.substring(20, 40)), "the secret is never echoed");
  }

  @Test
  void parseFile_noIdentity_rejected() {
    assertThrows(IllegalArgumentException.class, () -> Identities.parseFile("# nothing here\n\n"));
    assertThrows(IllegalArgumentException.class, () -> Identities.parseFile(""));
  }

  @Test
  void parseFile_publicKeyInsteadOfSecret_rejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Identities.parseFile(x.recipient().encoded()));
    assertTrue(e.getMessage().contains("AGE-SECRET-KEY-1"), e.getMessage());
  }
}
