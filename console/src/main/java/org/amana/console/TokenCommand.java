package org.amana.console;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.amana.crypto.Age;
import org.amana.crypto.MlKem768P256TagIdentity;
import org.amana.crypto.P256KeyAgreement;
import org.amana.crypto.P256TagRecipient;
import org.amana.crypto.pkcs11.Pkcs11Token;
import org.amana.crypto.pkcs11.TokenKey;
import org.amana.crypto.pkcs11.TokenSigner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    description = {
      "Keys on a hardware token (any PKCS#11 module: YubiKey via ykcs11, Nitrokey or",
      "smartcard-HSM via OpenSC, a TPM via tpm2-pkcs11, SoftHSM2 for tests).",
      "The PIN is asked without echo, or read with --pin-file FILE; never from the command line.",
    },
    subcommands = {TokenCommand.Init.class, TokenCommand.ListKeys.class, TokenCommand.Recipient.class, TokenCommand.LoginKey.class})
final class TokenCommand {

  @Command(name = "init", mixinStandardHelpOptions = true,
      description = {
        "Generates on the token a P-256 key that can only do ECDH (for opening sealed files) and a",
        "separate P-256 key that can only sign (for logging in to the reviewer API). Neither can",
        "ever leave the token. Prints the recipient to give to the operator.",
        "With --pq-key FILE it also makes a post-quantum hybrid identity (ML-KEM-768 + the token's",
        "P-256 key): the ML-KEM half is written to FILE sealed to the token, so only the token opens it.",
      })
  static final class Init implements Callable<Integer> {
    @Mixin TokenMixin options;

    @Option(names = "--login-key", paramLabel = "LABEL", defaultValue = TokenOptions.DEFAULT_LOGIN_KEY,
        description = "The signing key's label (default: ${DEFAULT-VALUE}).")
    String loginKey;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      TokenOptions o = options.token;
      // Every check before the first key is made, so that a failure never leaves half an identity.
      if (o.key.equals(loginKey)) {
        throw Exit.fail(Exit.USAGE, "The sealing key and the login key need different labels (--key, --login-key).");
      }
      if (o.pqKey != null) Terminal.checkNewSecretFile(o.pqKey.toString());
      try (Pkcs11Token token = o.open()) {
        List<String> taken = token.listKeys().stream().map(TokenKey::label).toList();
        for (String label : List.of(o.key, loginKey)) {
          if (taken.contains(label)) {
            throw Exit.fail(Exit.TOKEN, token + " already has a key labelled '" + Safe.text(label) + "'. Choose "
                + "other labels (--key, --login-key), or use the existing keys (see 'amana-console token list').");
          }
        }
        P256KeyAgreement seal = token.generateAgreementKey(o.key);
        TokenSigner login = token.generateSigningKey(loginKey);
        PrintWriter out = spec.commandLine().getOut();
        out.println("sealing key \"" + o.key + "\": " + P256TagRecipient.fromPublicKey(seal.publicKey()).encoded());
        out.println("login key   \"" + login.label() + "\": created (signs reviewer logins)");
        if (o.pqKey != null) {
          var pq = MlKem768P256TagIdentity.generateSeed(seal.publicKey());
          try {
            ByteArrayOutputStream sealed = new ByteArrayOutputStream();
            try (OutputStream s = Age.seal(sealed, List.of(P256TagRecipient.fromPublicKey(seal.publicKey())), true)) {
              s.write(pq.insecureMlkemSeed());
            }
            String text = new TokenOptions.PqKeyFile(pq.recipient().encoded(), sealed.toByteArray()).text();
            Terminal.writeSecretFile(o.pqKey.toString(), text);
            out.println("post-quantum: " + pq.recipient().encoded());
            spec.commandLine().getErr().println("Keep " + o.pqKey + " with the token: without it the post-quantum "
                + "recipient cannot be opened. It is sealed to the token, so a copy is safe to back up.");
          } finally {
            pq.close();
          }
        }
      }
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the keys on the token and their recipients.")
  static final class ListKeys implements Callable<Integer> {
    @Mixin TokenMixin options;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      try (Pkcs11Token token = options.token.open()) {
        List<TokenKey> keys = token.listKeys();
        PrintWriter out = spec.commandLine().getOut();
        if (keys.isEmpty()) out.println("No keys on this token. Create them with 'token init'.");
        for (TokenKey k : keys) {
          String what = switch (k.kind()) {
            case AGREEMENT -> "sealing  " + P256TagRecipient.fromPublicKey(k.publicKey()).encoded();
            case SIGNING -> "login    (signing key)";
            case OTHER -> "other    (not made by Amana)";
          };
          out.println(Safe.text(k.label()) + "\t" + what);
        }
      }
      return 0;
    }
  }

  @Command(name = "recipient", mixinStandardHelpOptions = true,
      description = {"Prints the recipient of the token's sealing key (age1tag1…), or with --pq-key",
        "the post-quantum hybrid recipient (age1tagpq1…) recorded in that file."})
  static final class Recipient implements Callable<Integer> {
    @Mixin TokenMixin options;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      TokenOptions o = options.token;
      if (o.pqKey != null) {
        spec.commandLine().getOut().println(TokenOptions.PqKeyFile.read(o.pqKey).recipient());
        return 0;
      }
      try (Pkcs11Token token = o.open()) {
        spec.commandLine().getOut().println(P256TagRecipient.fromPublicKey(token.findAgreementKey(o.key).publicKey()).encoded());
      }
      return 0;
    }
  }

  @Command(name = "login-key", mixinStandardHelpOptions = true,
      description = {"Prints the public half of the token's login (signing) key, base64, for the operator:",
        "ops/gateway reviewer add --name NAME --login-key KEY --recipient age1tag1…"})
  static final class LoginKey implements Callable<Integer> {
    @Mixin TokenMixin options;

    @Option(names = "--login-key", paramLabel = "LABEL", defaultValue = TokenOptions.DEFAULT_LOGIN_KEY,
        description = "The signing key's label (default: ${DEFAULT-VALUE}).")
    String loginKey;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      try (Pkcs11Token token = options.token.open()) {
        byte[] spki = token.findSigningKey(loginKey).publicKey().getEncoded();
        spec.commandLine().getOut().println(java.util.Base64.getEncoder().encodeToString(spki));
      }
      return 0;
    }
  }

  /** Wraps {@link TokenOptions} as a mixin for the token subcommands. */
  static final class TokenMixin {
    @picocli.CommandLine.ArgGroup(exclusive = false, multiplicity = "1")
    TokenOptions token = new TokenOptions();
  }
}
