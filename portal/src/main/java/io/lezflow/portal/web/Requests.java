package io.lezflow.portal.web;

import io.javalin.http.Context;
import io.lezflow.portal.ApiError;
import io.lezflow.portal.auth.Permission;
import io.lezflow.portal.auth.Principal;

/** The caller of a request, as the security filter left it, and the checks every handler makes. */
public final class Requests {
  static final String PRINCIPAL = "lezflow.principal";

  private Requests() {}

  /** The caller, or null when unauthenticated. */
  public static Principal principal(Context ctx) {
    return ctx.attribute(PRINCIPAL);
  }

  /** The caller when it may {@code permission}: 401 without credentials, 403 for a role that may not. */
  public static Principal require(Context ctx, Permission permission) {
    Principal p = principal(ctx);
    if (p == null) throw ApiError.unauthorized();
    if (permission != null && !p.may(permission)) throw ApiError.forbidden();
    return p;
  }

  public static boolean wantsHtml(Context ctx) {
    return ctx.path().startsWith("/ui") || ctx.path().equals("/") || ctx.path().equals("/login") || ctx.path().equals("/logout");
  }
}
