package org.amana.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.Callable;
import org.amana.crypto.pkcs11.Pkcs11Token;
import org.amana.crypto.pkcs11.TokenSigner;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "login",
    mixinStandardHelpOptions = true,
    description = {
      "Logs in to the gateway's reviewer API: the token signs a fresh challenge with its login key",
      "(no password exists). The session is kept for 30 minutes in a file only you can read",
      "(mode 0600) in the state folder, and is never printed.",
    })
final class LoginCommand implements Callable<Integer> {
  /** How long the gateway honours a session (ReviewerAuth.SESSION_LIFETIME on the gateway). */
  static final Duration SESSION_LIFETIME = Duration.ofMinutes(30);
  /** What the token signs before the challenge; the gateway checks the same prefix. */
  static final String SIGNED_PREFIX = "amana-reviewer-login-v1\n";

  @Option(names = "--api", required = true, paramLabel = "URL",
      description = "The reviewer API, e.g. http://127.0.0.1:8081 or the onion address the operator gave you.")
  String api;

  @ArgGroup(exclusive = false, multiplicity = "1", heading = "%nToken:%n")
  TokenOptions token = new TokenOptions();

  @Option(names = "--login-key", paramLabel = "LABEL", defaultValue = TokenOptions.DEFAULT_LOGIN_KEY,
      description = "The signing key's label on the token (default: ${DEFAULT-VALUE}).")
  String loginKey;

  @Mixin State.HomeOption home;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    String base = Api.checkBase(api);
    State state = home.open();
    Api anonymous = new Api(base, null);
    try (Pkcs11Token t = token.open()) {
      TokenSigner signer = t.findSigningKey(loginKey);
      String challenge = anonymous.postJson("/api/v1/login/challenge", null).path("challenge").asText("");
      if (challenge.isEmpty() || !challenge.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
        throw Exit.fail(Exit.SERVER, "The gateway sent no usable challenge. Is --api the reviewer API's address?");
      }
      Instant asked = Instant.now();
      byte[] signature = signer.sign((SIGNED_PREFIX + challenge).getBytes(StandardCharsets.US_ASCII));
      var body = State.JSON.createObjectNode()
          .put("loginKey", Base64.getEncoder().encodeToString(signer.publicKey().getEncoded()))
          .put("challenge", challenge)
          .put("signature", Base64.getEncoder().encodeToString(signature));
      JsonNode answer = anonymous.postJson("/api/v1/login", body);
      String session = answer.path("session").asText("");
      if (session.isEmpty()) throw Exit.fail(Exit.SERVER, "The gateway accepted the login but sent no session.");
      state.saveSession(new State.Session(base, session, asked.plus(SESSION_LIFETIME)));
    }
    spec.commandLine().getOut().println("Logged in to " + base + " for " + SESSION_LIFETIME.toMinutes()
        + " minutes (session kept in " + state.home + ").");
    return 0;
  }
}
