package io.lezflow.portal;

import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.staticfiles.Location;
import io.lezflow.portal.auth.LoginRateLimiter;
import io.lezflow.portal.auth.Principal;
import io.lezflow.portal.auth.SessionStore;
import io.lezflow.portal.auth.UserStore;
import io.lezflow.portal.evidence.EvidenceImages;
import io.lezflow.portal.evidence.EvidencePackages;
import io.lezflow.portal.review.CameraStore;
import io.lezflow.portal.review.Decisions;
import io.lezflow.portal.review.EventStore;
import io.lezflow.portal.review.Exports;
import io.lezflow.portal.review.ReadStore;
import io.lezflow.portal.review.ViolationStore;
import io.lezflow.portal.web.ApiRoutes;
import io.lezflow.portal.web.Json;
import io.lezflow.portal.web.Layout;
import io.lezflow.portal.web.Requests;
import io.lezflow.portal.web.UiRoutes;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The portal: one Javalin server for the HTTP API ({@code /api/v1}, described at {@code
 * /openapi.yaml}) and the web UI ({@code /ui}), over the portal's PostgreSQL tables.
 *
 * <p>Every request passes one security filter: a bearer token (API) or a session cookie (UI)
 * names the caller; a cookie-authenticated state change must carry the session's CSRF token.
 */
public final class PortalServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PortalServer.class);
  public static final String SESSION_COOKIE = "lez_session";

  /** Everything a route set needs; later page sets (police) get the same. */
  public record Services(
      PortalConfig config,
      Jdbi jdbi,
      UserStore users,
      SessionStore sessions,
      LoginRateLimiter loginLimiter,
      LoginRateLimiter addressLimiter,
      ViolationStore violations,
      EventStore events,
      CameraStore cameras,
      ReadStore reads,
      Decisions decisions,
      Exports exports,
      EvidenceImages images,
      io.lezflow.portal.evidence.EvidenceAlarms alarms,
      EvidencePackages packages,
      Layout layout,
      Clock clock) {}

  private final Javalin app;
  private final Services services;

  private final PortalMetrics metrics;

  private PortalServer(Javalin app, Services services, PortalMetrics metrics) {
    this.app = app;
    this.services = services;
    this.metrics = metrics;
  }

  /** This portal's own metrics (lez_portal_*), also served at {@code /metrics} with the JVM's. */
  public PortalMetrics metrics() {
    return metrics;
  }

  public static PortalServer start(PortalConfig config, Jdbi jdbi) {
    return start(config, jdbi, List.of());
  }

  /** @param extraRoutes more route sets (e.g. police pages), registered after the portal's own */
  public static PortalServer start(PortalConfig config, Jdbi jdbi, List<BiConsumer<RoutesConfig, Services>> extraRoutes) {
    Clock clock = Clock.systemUTC();
    ViolationStore violations = new ViolationStore(jdbi);
    EventStore events = new EventStore(jdbi);
    CameraStore cameras = new CameraStore(jdbi);
    ReadStore reads = new ReadStore(jdbi);
    EvidenceImages images = new EvidenceImages(jdbi);
    Services s = new Services(config, jdbi, new UserStore(jdbi), new SessionStore(jdbi, clock),
        new LoginRateLimiter(config.loginFailures(), config.loginWindow(), clock),
        // Per client address: more generous (an office shares one address), still stops a spray over many names.
        new LoginRateLimiter(config.loginFailures() * 10, config.loginWindow(), clock), violations, events, cameras, reads,
        new Decisions(jdbi, violations, events), new Exports(jdbi, violations, events), images, new io.lezflow.portal.evidence.EvidenceAlarms(jdbi),
        new EvidencePackages(violations, events, cameras, reads, images, config.signingKey()), new Layout(), clock);
    PortalMetrics metrics = new PortalMetrics();
    Javalin app = Javalin.create(c -> {
      c.startup.showJavalinBanner = false;
      c.requestLogger.http(metrics::record);
      c.startup.showOldJavalinVersionWarning = false;
      c.jetty.host = config.host();
      c.jetty.port = config.port();
      c.staticFiles.enableWebjars();
      c.staticFiles.add(sf -> {
        sf.hostedPath = "/static";
        sf.directory = "/portal/static";
        sf.location = Location.CLASSPATH;
      });
      c.routes.before(ctx -> secure(ctx, s));
      c.routes.exception(ApiError.class, (e, ctx) -> PortalServer.error(ctx, e.status(), e.code(), e.getMessage(), s));
      c.routes.exception(BadRequest.class, (e, ctx) -> PortalServer.error(ctx, 400, "bad_request", e.getMessage(), s));
      c.routes.exception(Exception.class, (e, ctx) -> {
        // The class only: a message could quote a plate or SQL.
        log.error("portal request {} {} failed: {}", ctx.method(), ctx.endpoint() == null ? ctx.path() : ctx.endpoint().path, e.getClass().getName());
        PortalServer.error(ctx, 500, "internal_error", "the portal could not answer; the error is logged", s);
      });
      c.routes.error(404, "*", ctx -> {
        if (ctx.result() == null || ctx.result().isEmpty()) error(ctx, 404, "not_found", "no such resource", s);
      });
      // Open like every lezflow /metrics (Prometheus scrapes it): route templates and counts, no personal data.
      c.routes.get("/metrics", metrics::scrape);
      ApiRoutes.register(c.routes, s);
      UiRoutes.register(c.routes, s);
      for (var extra : extraRoutes) extra.accept(c.routes, s);
    });
    app.start();
    log.info("lezflow portal listening on {}", "http://" + config.host() + ":" + app.port() + "/");
    return new PortalServer(app, s, metrics);
  }

  private static void secure(Context ctx, Services s) {
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'");
    if (!ctx.path().startsWith("/static") && !ctx.path().startsWith("/webjars")) ctx.header("Cache-Control", "no-store");
    Principal p = null;
    String auth = ctx.header("Authorization");
    if (auth != null) {
      if (auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
        p = s.sessions().resolve(auth.substring(7).trim(), SessionStore.Kind.API_TOKEN).orElse(null);
      }
      if (p == null) throw ApiError.unauthorized(); // a wrong token is never silently ignored in favour of a cookie
    } else {
      String cookie = ctx.cookie(SESSION_COOKIE);
      if (cookie != null) p = s.sessions().resolve(cookie, SessionStore.Kind.SESSION).orElse(null);
    }
    ctx.attribute("lezflow.principal", p);
    HandlerType m = ctx.method();
    boolean stateChange = m != HandlerType.GET && m != HandlerType.HEAD && m != HandlerType.OPTIONS;
    if (stateChange && p != null && p.viaCookie()) {
      String sent = ctx.header("X-CSRF-Token");
      if (sent == null && ctx.contentType() != null && (ctx.contentType().startsWith("application/x-www-form-urlencoded")
          || ctx.contentType().startsWith("multipart/form-data"))) { // a file upload form (the police hotlist CSV)
        sent = ctx.formParam("_csrf");
      }
      if (sent == null || !MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8), p.csrfToken().getBytes(StandardCharsets.UTF_8))) {
        throw new ApiError(403, "csrf_refused", "missing or wrong CSRF token: reload the page and try again");
      }
    }
  }

  static void error(Context ctx, int status, String code, String message, Services s) {
    ctx.status(status);
    if (Requests.wantsHtml(ctx)) {
      if (status == 401) {
        ctx.redirect("/login");
        return;
      }
      String body = "<section class=\"error\"><h1>" + status + "</h1><p>" + io.lezflow.portal.web.Html.esc(message) + "</p>"
          + "<p><a href=\"/ui/queue\">Back to the queue</a></p></section>";
      ctx.html(s.layout().page("Error " + status, Requests.principal(ctx), "", body));
    } else {
      ctx.contentType("application/json").result(Json.write(Map.of("error", code, "message", message)));
    }
  }

  public int port() {
    return app.port();
  }

  public String url() {
    String host = services.config().host();
    if (host.equals("0.0.0.0")) host = "127.0.0.1";
    return "http://" + host + ":" + app.port() + "/";
  }

  public Services services() {
    return services;
  }

  @Override
  public void close() {
    app.stop();
  }
}
