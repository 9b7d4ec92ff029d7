package io.lezflow.portal;

/**
 * A refusal with its HTTP status and a stable reason code. Messages are written for the caller
 * and never carry internals (SQL, stack traces, other users' data).
 */
public final class ApiError extends RuntimeException {
  private final int status;
  private final String code;

  public ApiError(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  public static ApiError unauthorized() {
    return new ApiError(401, "unauthenticated", "log in or send a bearer token");
  }

  public static ApiError forbidden() {
    return new ApiError(403, "forbidden", "your role may not do this");
  }

  /** Also the answer for an object outside the caller's scope: it does not tell that it exists. */
  public static ApiError notFound() {
    return new ApiError(404, "not_found", "no such resource");
  }

  public static ApiError conflict(String code, String message) {
    return new ApiError(409, code, message);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }
}
