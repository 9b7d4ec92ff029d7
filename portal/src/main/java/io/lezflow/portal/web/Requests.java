package io.lezflow.portal.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.lezflow.portal.BadRequest;
import java.io.IOException;
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

  /** The request's JSON object body; a 400 naming what is wrong otherwise. */
  public static JsonNode body(Context ctx) {
    String ct = ctx.contentType();
    if (ct == null || !ct.startsWith("application/json")) throw new BadRequest("body: send JSON with Content-Type: application/json");
    try {
      JsonNode n = Json.MAPPER.readTree(ctx.bodyAsBytes());
      if (n == null || !n.isObject()) throw new BadRequest("body: a JSON object");
      return n;
    } catch (IOException e) {
      throw new BadRequest("body: not valid JSON");
    }
  }

  /** A string field of a JSON body, or null when absent; a 400 when it is not a string. */
  public static String text(JsonNode body, String field) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull()) return null;
    if (!n.isTextual()) throw new BadRequest(field + ": a string");
    return n.asText();
  }

  public static void json(Context ctx, Object value) {
    ctx.contentType("application/json").result(Json.write(value));
  }
}
