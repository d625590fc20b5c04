package org.amana.console;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.amana.crypto.Age;
import org.amana.crypto.Identity;
import org.amana.crypto.MlKem768P256TagIdentity;
import org.amana.crypto.P256KeyAgreement;
import org.amana.crypto.P256TagIdentity;
import org.amana.crypto.PivP256Identity;
import org.amana.crypto.pkcs11.Pkcs11Token;
import picocli.CommandLine.Option;

/** The options that name a token and its keys; shared by every command that uses a token. */
final class TokenOptions {
  static final String DEFAULT_SEAL_KEY = "amana-seal";
  static final String DEFAULT_LOGIN_KEY = "amana-login";

  @Option(names = "--module", paramLabel = "LIB",
      description = "The PKCS#11 module: e.g. /usr/lib/x86_64-linux-gnu/libykcs11.so (YubiKey), "
          + "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so (Nitrokey, smartcard-HSM), /usr/lib/softhsm/libsofthsm2.so.")
  Path module;

  @Option(names = "--token", paramLabel = "LABEL", description = "The token's label (see 'pkcs11-tool -L').")
  String token;

  @Option(names = "--key", paramLabel = "LABEL", description = "The sealing key's label on the token (default: ${DEFAULT-VALUE}).",
      defaultValue = DEFAULT_SEAL_KEY)
  String key;

  @Option(names = "--pin-file", paramLabel = "FILE", description = "Read the PIN from this file (mode 0600) instead of asking.")
  Path pinFile;

  @Option(names = "--pq-key", paramLabel = "FILE",
      description = "The post-quantum half of the token identity written by 'token init --pq-key' (sealed to the token).")
  Path pqKey;

  boolean given() {
    return module != null || token != null;
  }

  /** Opens the token, asking for the PIN; the caller closes it. */
  Pkcs11Token open() throws IOException {
    if (module == null || token == null) {
      throw Exit.fail(Exit.USAGE, "A token needs both --module LIB and --token LABEL.");
    }
    if (!Files.isRegularFile(module)) {
      throw Exit.fail(Exit.TOKEN, "The PKCS#11 module " + module + " does not exist. Install the token's "
          + "software (ykcs11, opensc, softhsm2) and give the full path of its .so file.");
    }
    char[] pin = Pins.read(pinFile, token);
    try {
      return Pkcs11Token.open(module.toAbsolutePath(), token, pin);
    } finally {
      Arrays.fill(pin, '\0');
    }
  }

  /** The identities this token's sealing key opens: p256tag, piv-p256 and, with --pq-key, mlkem768p256tag. */
  List<Identity> identities(Pkcs11Token t) throws IOException {
    P256KeyAgreement agreement = t.findAgreementKey(key);
    List<Identity> ids = new ArrayList<>(List.of(new P256TagIdentity(agreement), new PivP256Identity(agreement)));
    if (pqKey != null) ids.add(PqKeyFile.read(pqKey).unseal(agreement));
    return ids;
  }

  /**
   * The post-quantum half of a token identity: the ML-KEM-768 seed, sealed to the token's own
   * p256tag recipient so that only the token unlocks it, plus the hybrid recipient in clear.
   */
  record PqKeyFile(String recipient, byte[] sealedSeed) {
    static final String HEADER = "# Amana post-quantum key half. Sealed to a hardware token: useless without it.";

    static PqKeyFile read(Path file) throws IOException {
      String text = Files.readString(file, StandardCharsets.US_ASCII);
      String recipient = null;
      StringBuilder armored = new StringBuilder();
      for (String line : text.split("\n")) {
        if (line.startsWith("recipient: ")) recipient = line.substring("recipient: ".length()).strip();
        else if (!line.startsWith("#")) armored.append(line).append('\n');
      }
      if (recipient == null || armored.isEmpty()) {
        throw Exit.fail(Exit.MALFORMED, file + " is not a post-quantum key file written by 'token init --pq-key'.");
      }
      return new PqKeyFile(recipient, armored.toString().strip().concat("\n").getBytes(StandardCharsets.US_ASCII));
    }

    String text() {
      return HEADER + "\nrecipient: " + recipient + "\n" + new String(sealedSeed, StandardCharsets.US_ASCII);
    }

    Identity unseal(P256KeyAgreement agreement) throws IOException {
      byte[] seed;
      try (InputStream in = Age.openArmored(new java.io.ByteArrayInputStream(sealedSeed), List.of(new P256TagIdentity(agreement)))) {
        seed = in.readAllBytes();
      } catch (org.amana.crypto.AgeException.NoMatch e) {
        throw Exit.fail(Exit.NOT_FOR_YOU, "The post-quantum key file belongs to another token or key.");
      }
      try {
        return new MlKem768P256TagIdentity(agreement, seed);
      } finally {
        Arrays.fill(seed, (byte) 0);
      }
    }
  }
}
