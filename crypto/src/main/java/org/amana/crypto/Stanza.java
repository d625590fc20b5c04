package org.amana.crypto;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One recipient stanza of an age header: {@code -> type args…} followed by a body.
 *
 * @param type the first argument, compared case-sensitively
 * @param args the arguments after the type
 * @param body the decoded body bytes
 */
public record Stanza(String type, List<String> args, byte[] body) {

  public Stanza {
    Objects.requireNonNull(type, "type");
    args = List.copyOf(args);
    body = body.clone();
  }

  @Override
  public byte[] body() {
    return body.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Stanza s && type.equals(s.type) && args.equals(s.args) && Arrays.equals(body, s.body);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, args, Arrays.hashCode(body));
  }

  @Override
  public String toString() {
    return "Stanza[" + type + " " + args + ", " + body.length + " bytes]";
  }
}
