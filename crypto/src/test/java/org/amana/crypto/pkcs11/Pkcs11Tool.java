package org.amana.crypto.pkcs11;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import org.amana.crypto.testing.SoftHsm;
import org.amana.crypto.testing.Tools;

/** OpenSC's pkcs11-tool, as an independent reader of what is really on a token. */
final class Pkcs11Tool {
  private Pkcs11Tool() {}

  /** {@code pkcs11-tool -O} of the token, logged in; needs pkcs11-tool (see Tools.require). */
  static String listObjects(SoftHsm.Token token) throws Exception {
    Path tool = Tools.require("pkcs11-tool", "OpenSC, to read key attributes independently");
    Process process = new ProcessBuilder(tool.toString(), "--module", token.module().toString(),
        "--token-label", token.label(), "--login", "--pin", new String(token.pin()), "-O")
        .redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new AssertionError("pkcs11-tool failed: " + output);
    }
    return output;
  }

  /** The "Private Key Object" block whose CKA_ID is {@code label} (SunPKCS11 sets ID = label). */
  static String privateKeyBlock(String objects, String label) {
    String id = "ID:         " + HexFormat.of().formatHex(label.getBytes(StandardCharsets.UTF_8));
    for (String block : objects.split("(?=Private Key Object|Public Key Object|Certificate)")) {
      if (block.startsWith("Private Key Object") && block.contains(id + "\n")) {
        return block;
      }
    }
    throw new AssertionError("no private key with " + id + " in:\n" + objects);
  }
}
