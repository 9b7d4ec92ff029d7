package io.lezflow.evidence;

/** What a camera answered to a request for an image. */
public sealed interface FetchResult {
  record Served(byte[] body, String contentType) implements FetchResult {}

  record NotFound(int status) implements FetchResult {}

  record Unreachable(String why) implements FetchResult {}
}
