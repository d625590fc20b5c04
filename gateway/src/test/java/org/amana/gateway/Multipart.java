package org.amana.gateway;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A multipart/form-data body built by hand, as a browser sends it, whose files are streamed from
 * their sources as the client sends them: a 100 MB file is never held in the test's memory.
 */
final class Multipart {
  static final String BOUNDARY = "----AmanaGatewayTestBoundary7MA4YWxkTrZu0gW";

  private final List<BodyPublisher> parts = new ArrayList<>();

  /** A text field. */
  Multipart field(String name, String value) {
    parts.add(BodyPublishers.ofString("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name
        + "\"\r\n\r\n" + value + "\r\n", StandardCharsets.UTF_8));
    return this;
  }

  /** A file whose bytes are in memory (small files). */
  Multipart file(String field, String filename, String claimedType, byte[] content) {
    return file(field, filename, claimedType, () -> new ByteArrayInputStream(content));
  }

  /** A file streamed from {@code content}, opened when the client sends the body. */
  Multipart file(String field, String filename, String claimedType, Supplier<InputStream> content) {
    parts.add(BodyPublishers.ofString("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + field
        + "\"; filename=\"" + filename + "\"\r\nContent-Type: " + claimedType + "\r\n\r\n", StandardCharsets.UTF_8));
    parts.add(BodyPublishers.ofInputStream(content));
    parts.add(BodyPublishers.ofString("\r\n"));
    return this;
  }

  String contentType() {
    return "multipart/form-data; boundary=" + BOUNDARY;
  }

  BodyPublisher publisher() {
    List<BodyPublisher> all = new ArrayList<>(parts);
    all.add(BodyPublishers.ofString("--" + BOUNDARY + "--\r\n"));
    return BodyPublishers.concat(all.toArray(BodyPublisher[]::new));
  }
}
