package io.lezflow.ops;

/**
 * A setting the user gave (flag, environment variable, file) that cannot work. The command line
 * prints its message as one line and exits with 2, without a stack trace: it is the user's to fix.
 */
public final class BadSetting extends RuntimeException {
  public BadSetting(String message) {
    super(message, null, false, false);
  }
}
