package io.lezflow.portal.police;

import io.javalin.config.RoutesConfig;
import io.lezflow.police.LegalProfile;
import io.lezflow.police.PoliceCaller;
import io.lezflow.police.search.PlateSearch;
import io.lezflow.police.search.SearchRefused;
import io.lezflow.police.search.SearchRequest;
import io.lezflow.police.search.SearchResult;
import io.lezflow.portal.ApiError;
import io.lezflow.portal.BadRequest;
import io.lezflow.portal.PortalServer.Services;
import io.lezflow.portal.auth.Principal;
import io.lezflow.portal.auth.Role;
import io.lezflow.portal.web.Json;
import io.lezflow.portal.web.Requests;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The police route set (issue 10): {@code GET /api/v1/police/search} over the police library's
 * audited {@link PlateSearch}. Registered through {@code PortalServer.start(..., extraRoutes)}.
 * The UI pages (search form, map, timeline, alerts, audit) are not built yet.
 */
public final class PoliceRoutes {
  private PoliceRoutes() {}

  public static BiConsumer<RoutesConfig, Services> of(PlateSearch search) {
    return (routes, s) -> routes.get("/api/v1/police/search", ctx -> apiSearch(ctx, search));
  }

  static void apiSearch(Context ctx, PlateSearch search) {
    Principal p = Requests.require(ctx, null);
    if (p.role() != Role.POLICE || p.policeZone() == null) throw ApiError.forbidden();
    SearchRequest request = SearchRequest.firstPage(required(ctx, "plate"), required(ctx, "country"),
        instant(ctx, "from"), instant(ctx, "to"), ctx.queryParam("reason"), ctx.queryParam("caseReference"));
    // No user profile column exists yet (no migration for it): administrative, the narrower one.
    PoliceCaller caller = new PoliceCaller(p.username(), p.policeZone(), LegalProfile.ADMINISTRATIVE);
    try {
      SearchResult result = search.search(caller, request);
      ctx.contentType("application/json").result(Json.write(result));
    } catch (SearchRefused refused) {
      ctx.status(422).contentType("application/json").result(Json.write(Map.of("error", refused.code().name(),
          "message", refused.getMessage(), "auditSeq", refused.auditSeq())));
    }
  }

  private static String required(Context ctx, String name) {
    String v = ctx.queryParam(name);
    if (v == null || v.isBlank()) throw new BadRequest("missing query parameter " + name);
    return v;
  }

  private static Instant instant(Context ctx, String name) {
    try {
      return Instant.parse(required(ctx, name));
    } catch (DateTimeParseException e) {
      throw new BadRequest(name + " must be an ISO-8601 instant, e.g. 2026-01-31T08:00:00Z");
    }
  }
}
