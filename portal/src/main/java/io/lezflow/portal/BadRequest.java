package io.lezflow.portal;

/** Malformed input from a caller: answered 400 with this message, which names the field and why. */
public final class BadRequest extends RuntimeException {
  public BadRequest(String message) {
    super(message, null, false, false);
  }
}
