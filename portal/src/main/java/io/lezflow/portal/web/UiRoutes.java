package io.lezflow.portal.web;

import static io.lezflow.portal.web.Html.esc;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import io.lezflow.portal.ApiError;
import io.lezflow.portal.BadRequest;
import io.lezflow.portal.PortalServer;
import io.lezflow.portal.PortalServer.Services;
import io.lezflow.portal.auth.Permission;
import io.lezflow.portal.auth.PortalUser;
import io.lezflow.portal.auth.Principal;
import io.lezflow.portal.auth.SessionStore;
import io.lezflow.portal.review.DecisionRules;
import io.lezflow.portal.review.Exports;
import io.lezflow.portal.review.QueueFilter;
import io.lezflow.portal.review.QueuePage;
import io.lezflow.portal.review.QueueRow;
import io.lezflow.portal.review.ReadStore;
import io.lezflow.portal.review.ReviewReason;
import io.lezflow.portal.review.Violation;
import io.lezflow.portal.review.ViolationEvent;
import io.lezflow.portal.review.ViolationStatus;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The web UI under {@code /ui}: server-rendered pages, htmx for the queue's filters and paging. */
public final class UiRoutes {
  private static final String LOGIN_CSRF_COOKIE = "lez_login_csrf";
  private static final SecureRandom RANDOM = new SecureRandom();

  private UiRoutes() {}

  public static void register(RoutesConfig r, Services s) {
    r.get("/", ctx -> ctx.redirect(Requests.principal(ctx) == null ? "/login" : home(Requests.principal(ctx))));
    r.get("/login", ctx -> loginPage(ctx, s, null));
    r.post("/login", ctx -> {
      // Login CSRF: a double-submit token, since there is no session yet.
      String cookie = ctx.cookie(LOGIN_CSRF_COOKIE);
      String sent = ctx.formParam("_csrf");
      if (cookie == null || sent == null || !cookie.equals(sent)) throw new ApiError(403, "csrf_refused", "the login form expired: reload it and try again");
      PortalUser user;
      try {
        user = Logins.attempt(s, ctx.formParam("username"), ctx.formParam("password"), ctx.ip());
      } catch (ApiError | BadRequest e) {
        ctx.status(e instanceof ApiError a ? a.status() : 400);
        loginPage(ctx, s, e.getMessage());
        return;
      }
      SessionStore.Issued issued = s.sessions().issue(user.username(), SessionStore.Kind.SESSION, s.config().sessionTtl());
      ctx.cookie(new Cookie(PortalServer.SESSION_COOKIE, issued.token(), "/", (int) s.config().sessionTtl().toSeconds(),
          s.config().secureCookies(), true, null, SameSite.STRICT));
      ctx.removeCookie(LOGIN_CSRF_COOKIE, "/login");
      Principal p = s.sessions().resolve(issued.token(), SessionStore.Kind.SESSION).orElseThrow();
      ctx.redirect(home(p));
    });
    r.post("/logout", ctx -> {
      s.sessions().revoke(ctx.cookie(PortalServer.SESSION_COOKIE));
      ctx.removeCookie(PortalServer.SESSION_COOKIE, "/");
      ctx.redirect("/login");
    });

    r.get("/ui/queue", ctx -> {
      Principal p = Requests.require(ctx, Permission.VIEW_QUEUE);
      QueueFilter f = ApiRoutes.scoped(QueueFilter.parse(ctx::queryParam), p);
      ctx.html(s.layout().page("Review queue", p, "queue", queueBody(s, f)));
    });
    r.get("/ui/queue/rows", ctx -> {
      Principal p = Requests.require(ctx, Permission.VIEW_QUEUE);
      QueueFilter f = ApiRoutes.scoped(QueueFilter.parse(ctx::queryParam), p);
      ctx.html(rows(s, f, s.violations().queue(f), ctx.queryParam("after") != null));
    });
    r.get("/ui/violations/{id}", ctx -> {
      Principal p = Requests.require(ctx, Permission.VIEW_VIOLATION);
      Violation v = ApiRoutes.visible(s, p, ctx.pathParam("id"));
      ctx.html(s.layout().page("Violation " + v.violationId(), p, "queue", detail(s, p, v, ctx.queryParam("msg"))));
    });
    r.post("/ui/violations/{id}/decision", ctx -> {
      Principal p = Requests.require(ctx, null);
      DecisionRules.Action action = DecisionRules.Action.parse(ctx.formParam("action"))
          .orElseThrow(() -> new BadRequest("action: one of approve, reject, reopen"));
      if (!p.may(action == DecisionRules.Action.REOPEN ? Permission.REOPEN : Permission.DECIDE)) throw ApiError.forbidden();
      Integer version = null;
      String vt = ctx.formParam("version");
      if (vt != null && !vt.isBlank()) {
        try {
          version = Integer.parseInt(vt);
        } catch (NumberFormatException e) {
          throw new BadRequest("version: an integer");
        }
      }
      String reason = ctx.formParam(action == DecisionRules.Action.APPROVE ? "approve_reason" : action == DecisionRules.Action.REJECT ? "reject_reason" : "reopen_reason");
      if (reason == null) reason = ctx.formParam("reason_code");
      Violation after = s.decisions().decide(p, ctx.pathParam("id"), action, reason, ctx.formParam("note"), version);
      String back = ctx.formParam("back");
      if (back != null && back.startsWith("/ui/queue")) {
        ctx.redirect(back);
      } else {
        ctx.redirect("/ui/violations/" + Html.url(after.violationId()) + "?msg=" + Html.url(after.status()));
      }
    });
    r.get("/ui/violations/{id}/letter", ctx -> {
      Principal p = Requests.require(ctx, Permission.LETTERS);
      Violation v = ApiRoutes.visible(s, p, ctx.pathParam("id"));
      ctx.html(Letters.render(s, v, Letters.language(ctx.queryParam("lang"))));
    });
    r.get("/ui/charts", ctx -> {
      Principal p = Requests.require(ctx, Permission.VIEW_CHARTS);
      String body = "<h1>Charts</h1><div class=\"charts\">"
          + "<figure><figcaption>Violations per day and zone</figcaption><canvas id=\"perDay\" width=\"560\" height=\"260\"></canvas></figure>"
          + "<figure><figcaption>Warnings per day</figcaption><canvas id=\"warnings\" width=\"560\" height=\"260\"></canvas></figure>"
          + "<figure><figcaption>Queue age (hours waiting)</figcaption><canvas id=\"queueAge\" width=\"560\" height=\"260\"></canvas></figure>"
          + "<figure><figcaption>Decisions per operator</figcaption><canvas id=\"perOperator\" width=\"560\" height=\"260\"></canvas></figure>"
          + "<figure><figcaption>Cameras</figcaption>" + CameraMap.svg(s.cameras().all(), Set.of(), 560, 360) + "</figure>"
          + "</div>";
      ctx.html(s.layout().page("Charts", p, "charts", body, Layout.CHART_JS, "/static/charts.js"));
    });
    r.get("/ui/exports", ctx -> {
      Principal p = Requests.require(ctx, Permission.VIEW_EXPORTS);
      StringBuilder b = new StringBuilder("<h1>Exports of fines</h1>");
      if (p.may(Permission.EXPORT_FINES)) {
        b.append("<form method=\"post\" action=\"/ui/exports\">").append(Layout.csrfField(p))
            .append("<button type=\"submit\" id=\"export\">Export approved fines not yet exported (CSV)</button></form>");
      }
      b.append("<table class=\"grid\"><thead><tr><th>Batch</th><th>Created</th><th>By</th><th>Fines</th><th></th></tr></thead><tbody>");
      for (Exports.BatchSummary bs : s.exports().batches()) {
        b.append("<tr><td>").append(bs.batchId()).append("</td><td>").append(esc(local(s, bs.createdAt()))).append("</td><td>")
            .append(esc(bs.actor())).append("</td><td>").append(bs.fines()).append("</td><td><a href=\"/api/v1/exports/")
            .append(bs.batchId()).append("\">CSV</a></td></tr>");
      }
      b.append("</tbody></table>");
      ctx.html(s.layout().page("Exports", p, "exports", b.toString()));
    });
    r.post("/ui/exports", ctx -> {
      Principal p = Requests.require(ctx, Permission.EXPORT_FINES);
      Exports.Batch batch = s.exports().export(p.username());
      ctx.header("Content-Disposition", "attachment; filename=\"fines-batch-" + batch.batchId() + ".csv\"");
      ctx.contentType("text/csv; charset=utf-8").result(Exports.csv(batch));
    });
    r.get("/ui/api", ctx -> {
      String body = "<h1>API</h1><p>OpenAPI 3 description: <a href=\"/openapi.yaml\">/openapi.yaml</a>. Get a bearer token with"
          + " <code>POST /api/v1/tokens</code>.</p><div id=\"swagger-ui\"></div>";
      String page = s.layout().page("API", Requests.principal(ctx), "api", body, "/webjars/swagger-ui/5.34.1/swagger-ui-bundle.js",
          "/static/swagger-init.js");
      ctx.html(page.replace("</head>", "<link rel=\"stylesheet\" href=\"/webjars/swagger-ui/5.34.1/swagger-ui.css\"></head>"));
    });
  }

  static String home(Principal p) {
    if (p.may(Permission.VIEW_QUEUE)) return "/ui/queue";
    if (p.may(Permission.VIEW_CHARTS)) return "/ui/charts";
    return "/ui/api";
  }

  private static void loginPage(Context ctx, Services s, String error) {
    byte[] b = new byte[24];
    RANDOM.nextBytes(b);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    ctx.cookie(new Cookie(LOGIN_CSRF_COOKIE, token, "/login", 3600, s.config().secureCookies(), true, null, SameSite.STRICT));
    String body = "<section class=\"login\"><h1>Log in</h1>"
        + (error == null ? "" : "<p class=\"flash error\" id=\"login-error\">" + esc(error) + "</p>")
        + "<form method=\"post\" action=\"/login\"><input type=\"hidden\" name=\"_csrf\" value=\"" + esc(token) + "\">"
        + "<label>User name <input name=\"username\" id=\"username\" autocomplete=\"username\" required></label>"
        + "<label>Password <input type=\"password\" name=\"password\" id=\"password\" autocomplete=\"current-password\" required></label>"
        + "<button type=\"submit\" id=\"login\">Log in</button></form></section>";
    ctx.html(s.layout().page("Log in", null, "", body));
  }

  private static String queueBody(Services s, QueueFilter f) {
    StringBuilder b = new StringBuilder("<h1>Review queue</h1>");
    b.append("<form id=\"filters\" class=\"filters\" method=\"get\" action=\"/ui/queue\" hx-get=\"/ui/queue/rows\" hx-target=\"#queue-rows\"")
        .append(" hx-trigger=\"change, submit\" hx-push-url=\"false\">")
        .append("<label>Zone <input name=\"zone\" id=\"f-zone\" value=\"").append(esc(f.zone())).append("\" size=\"10\"></label>")
        .append("<label>Status <select name=\"status\" id=\"f-status\">")
        .append(Html.options(Arrays.stream(ViolationStatus.values()).map(Enum::name).toList(), f.status().name(), false)).append("</select></label>")
        .append("<label>From <input type=\"date\" name=\"from\" id=\"f-from\" value=\"").append(esc(f.from())).append("\"></label>")
        .append("<label>To <input type=\"date\" name=\"to\" id=\"f-to\" value=\"").append(esc(f.to())).append("\"></label>")
        .append("<label>Type <input name=\"type\" id=\"f-type\" value=\"").append(esc(f.violationType())).append("\" size=\"10\"></label>")
        .append("<label>Review reason <select name=\"review_reason\" id=\"f-reason\">")
        .append(Html.options(Arrays.stream(ReviewReason.values()).map(Enum::name).toList(), f.reviewReason() == null ? "" : f.reviewReason().name(), true))
        .append("</select></label>")
        .append("<label>Kind <select name=\"kind\" id=\"f-kind\">")
        .append(Html.options(List.of("FINE", "WARNING"), f.warning() == null ? "" : f.warning() ? "WARNING" : "FINE", true)).append("</select></label>")
        .append("<button type=\"submit\" id=\"f-apply\">Filter</button></form>");
    b.append("<table class=\"grid\" id=\"queue\"><thead><tr><th>Age</th><th>First seen</th><th>Violation</th><th>Zone</th><th>Type</th>")
        .append("<th>Kind</th><th>Plate</th><th>Confidence</th><th>Review reason</th><th>Status</th></tr></thead><tbody id=\"queue-rows\">")
        .append(rows(s, f, s.violations().queue(f), false)).append("</tbody></table>");
    return b.toString();
  }

  /** Table rows of a queue page, and a "more" row that loads the next page in place (htmx). */
  private static String rows(Services s, QueueFilter f, QueuePage page, boolean continuation) {
    StringBuilder b = new StringBuilder();
    Instant now = s.clock().instant();
    if (page.rows().isEmpty() && !continuation) b.append("<tr class=\"empty\"><td colspan=\"10\">Nothing in the queue for these filters.</td></tr>");
    for (QueueRow q : page.rows()) {
      b.append("<tr class=\"qrow\" data-id=\"").append(esc(q.violationId())).append("\"><td>").append(esc(age(now, q.firstSeenAt())))
          .append("</td><td>").append(esc(local(s, q.firstSeenAt()))).append("</td><td><a class=\"open\" href=\"/ui/violations/")
          .append(Html.url(q.violationId())).append("\">").append(esc(q.violationId())).append("</a></td><td>").append(esc(q.zoneId()))
          .append("</td><td>").append(esc(q.violationType())).append("</td><td>").append(q.warning() ? "warning" : "fine")
          .append("</td><td class=\"plate\">").append(esc(q.country())).append(" ").append(esc(q.plateText())).append("</td><td>")
          .append(String.format(Locale.ROOT, "%.2f", q.confidence())).append("</td><td>").append(esc(q.reviewReason() == null ? "" : q.reviewReason()))
          .append("</td><td>").append(esc(q.status())).append("</td></tr>");
    }
    if (page.next() != null) {
      String qs = Html.query(f.asParams()) + "&after=" + Html.url(page.next().encode());
      b.append("<tr class=\"more\"><td colspan=\"10\"><a href=\"/ui/queue?").append(esc(qs)).append("\" hx-get=\"/ui/queue/rows?")
          .append(esc(qs)).append("\" hx-target=\"closest tr\" hx-swap=\"outerHTML\" id=\"more\">Older ones…</a></td></tr>");
    }
    return b.toString();
  }

  private static String detail(Services s, Principal p, Violation v, String msg) {
    StringBuilder b = new StringBuilder();
    if (msg != null && msg.matches("[A-Z_]{1,30}")) b.append("<p class=\"flash\" id=\"flash\">Now ").append(esc(msg)).append(".</p>");
    b.append("<h1>Violation <span id=\"vid\">").append(esc(v.violationId())).append("</span> <span class=\"status status-")
        .append(esc(v.status().toLowerCase(Locale.ROOT))).append("\" id=\"status\">").append(esc(v.status())).append("</span>")
        .append(v.warning() ? " <span class=\"status\">warning</span>" : "").append("</h1><div class=\"detail\"><section class=\"evidence-col\">");
    boolean image = v.imageSha256() != null && s.images().find(v.imageSha256()).isPresent();
    if (image) {
      b.append("<figure><img id=\"evidence-image\" class=\"evidence\" alt=\"evidence image\" src=\"/api/v1/violations/")
          .append(Html.url(v.violationId())).append("/image\"><figcaption>SHA-256 <code>").append(esc(v.imageSha256()))
          .append("</code> (verified)</figcaption></figure>");
    } else {
      b.append("<p class=\"noimage\" id=\"no-image\">No verified image in the evidence store")
          .append(v.imageSha256() == null ? "." : " for SHA-256 <code>" + esc(v.imageSha256()) + "</code>.").append("</p>");
    }
    for (var alarm : s.alarms().of(v.violationId())) {
      b.append("<p class=\"flash error alarm\">Evidence alarm ").append(esc(alarm.kind())).append(" for read ").append(esc(alarm.readId()))
          .append(": ").append(esc(alarm.detail())).append("</p>");
    }
    Set<String> hit = new HashSet<>();
    List<ReadStore.Read> reads = s.reads().of(v);
    reads.forEach(rd -> hit.add(rd.cameraId()));
    hit.add(v.cameraId());
    b.append("<figure><figcaption>Cameras (red: this violation's)</figcaption>").append(CameraMap.svg(s.cameras().all(), hit, 420, 300))
        .append("</figure></section><section class=\"facts-col\"><table class=\"facts\">")
        .append(fact("Plate read", v.country() + " " + v.plateText()))
        .append(fact("Vehicle", v.vehicleKey()))
        .append(fact("Zone", v.zoneId()))
        .append(fact("Enforcement day", v.enforcementDay()))
        .append(fact("First seen", local(s, v.firstSeenAt())))
        .append(fact("Type", v.violationType()))
        .append(fact("Rule", v.rule()))
        .append(fact("Policy version", v.policyVersion()))
        .append(fact("Amount", v.warning() ? "warning, no fine" : String.format(Locale.ROOT, "%s %d.%02d", v.currency(), v.fineCents() / 100, v.fineCents() % 100)))
        .append(fact("Confidence", String.format(Locale.ROOT, "%.2f", v.confidence())))
        .append(fact("Review reason", v.reviewReason()))
        .append(fact("Explanation", v.explanation()));
    if (v.reviewDetail() != null) b.append(fact("Review detail", v.reviewDetail()));
    if (v.reviewReason() != null && v.reviewReason().contains("FUZZY")) {
      b.append(fact("Fuzzy match", "text read " + v.plateText() + " → matched register plate " + v.vehicleKey()));
    }
    if (v.dropReason() != null) b.append(fact("Drop reason", v.dropReason()));
    if (v.decidedBy() != null) b.append(fact("Decided by", v.decidedBy() + " at " + local(s, v.decidedAt())));
    if (v.exportBatchId() != null) b.append(fact("Export batch", v.exportBatchId()));
    b.append("</table>");
    b.append("<h2>Reads</h2><table class=\"grid\" id=\"reads\"><thead><tr><th>Read</th><th>Time (local)</th><th>Camera</th><th>Lane</th>")
        .append("<th>Direction</th><th>Confidence</th><th>Image key</th><th>Image SHA-256</th></tr></thead><tbody>");
    for (ReadStore.Read rd : reads) {
      b.append("<tr><td>").append(esc(rd.readId())).append("</td><td>").append(esc(rd.capturedAt() == null ? "" : local(s, rd.capturedAt())))
          .append("</td><td>").append(esc(rd.cameraId())).append("</td><td>").append(esc(rd.lane() == null ? "—" : rd.lane()))
          .append("</td><td>").append(esc(rd.direction() == null ? "—" : rd.direction())).append("</td><td>")
          .append(rd.confidence() == null ? "—" : String.format(Locale.ROOT, "%.2f", rd.confidence())).append("</td><td>")
          .append(esc(rd.imageKey() == null ? "—" : rd.imageKey())).append("</td><td><code>").append(esc(rd.imageSha256() == null ? "—" : rd.imageSha256()))
          .append("</code></td></tr>");
    }
    b.append("</tbody></table>");
    b.append(decisionForms(p, v));
    b.append("<p class=\"links\">");
    if (Letters.letterable(v) && p.may(Permission.LETTERS)) {
      b.append("Letter: <a id=\"letter-fr\" href=\"/ui/violations/").append(Html.url(v.violationId())).append("/letter?lang=fr\">français</a> · ")
          .append("<a id=\"letter-nl\" href=\"/ui/violations/").append(Html.url(v.violationId())).append("/letter?lang=nl\">Nederlands</a> ");
    }
    if ("APPROVED".equals(v.status()) && p.may(Permission.EVIDENCE_PACKAGE)) {
      String base = "/api/v1/violations/" + Html.url(v.violationId()) + "/evidence-package";
      b.append(" Evidence package: <a id=\"package\" href=\"").append(base).append("\">JSON</a> + <a href=\"").append(base)
          .append(".sig\">signature</a>");
    }
    b.append("</p><h2>History</h2><table class=\"grid\" id=\"events\"><thead><tr><th>When</th><th>Who</th><th>Event</th><th>From → to</th>")
        .append("<th>Reason</th><th>Note</th></tr></thead><tbody>");
    for (ViolationEvent e : s.events().of(v.violationId())) {
      b.append("<tr><td>").append(esc(local(s, e.at()))).append("</td><td>").append(esc(e.actor())).append("</td><td>").append(esc(e.event()))
          .append("</td><td>").append(esc(e.fromStatus())).append(" → ").append(esc(e.toStatus())).append("</td><td>").append(esc(e.reasonCode()))
          .append("</td><td>").append(esc(e.note())).append("</td></tr>");
    }
    b.append("</tbody></table><h2>Other violations of this vehicle</h2><table class=\"grid\" id=\"history\"><thead><tr><th>Day</th>")
        .append("<th>Violation</th><th>Zone</th><th>Status</th></tr></thead><tbody>");
    for (QueueRow h : s.violations().history(v.vehicleKey(), v.violationId())) {
      b.append("<tr><td>").append(esc(h.enforcementDay())).append("</td><td><a href=\"/ui/violations/").append(Html.url(h.violationId()))
          .append("\">").append(esc(h.violationId())).append("</a></td><td>").append(esc(h.zoneId())).append("</td><td>")
          .append(esc(h.status())).append("</td></tr>");
    }
    b.append("</tbody></table><p class=\"hint\">Permits considered: see the explanation above (a covering permit or day pass is named there).</p>")
        .append("</section></div>");
    return b.toString();
  }

  private static String decisionForms(Principal p, Violation v) {
    StringBuilder b = new StringBuilder();
    String action = "/ui/violations/" + Html.url(v.violationId()) + "/decision";
    String common = Layout.csrfField(p) + "<input type=\"hidden\" name=\"version\" value=\"" + v.version() + "\">";
    if ("PENDING_REVIEW".equals(v.status()) && p.may(Permission.DECIDE)) {
      b.append("<h2>Decide</h2><div class=\"decide\"><form method=\"post\" action=\"").append(action).append("\" id=\"approve-form\">")
          .append(common).append("<input type=\"hidden\" name=\"action\" value=\"approve\"><input type=\"hidden\" name=\"back\" value=\"/ui/queue\">")
          .append("<label>Reason <select name=\"approve_reason\" id=\"approve-reason\">")
          .append(Html.options(DecisionRules.Action.APPROVE.reasonCodes(), null, false)).append("</select></label>")
          .append("<label>Note <input name=\"note\" maxlength=\"2000\"></label><button type=\"submit\" id=\"approve\" class=\"ok\">Approve</button></form>")
          .append("<form method=\"post\" action=\"").append(action).append("\" id=\"reject-form\">").append(common)
          .append("<input type=\"hidden\" name=\"action\" value=\"reject\"><input type=\"hidden\" name=\"back\" value=\"/ui/queue\">")
          .append("<label>Reason <select name=\"reject_reason\" id=\"reject-reason\">")
          .append(Html.options(DecisionRules.Action.REJECT.reasonCodes(), null, false)).append("</select></label>")
          .append("<label>Note <input name=\"note\" maxlength=\"2000\"></label><button type=\"submit\" id=\"reject\" class=\"no\">Reject</button></form></div>");
    }
    if (("APPROVED".equals(v.status()) || "REJECTED".equals(v.status())) && p.may(Permission.REOPEN) && v.exportBatchId() == null) {
      b.append("<h2>Reopen</h2><form method=\"post\" action=\"").append(action).append("\" id=\"reopen-form\">").append(common)
          .append("<input type=\"hidden\" name=\"action\" value=\"reopen\"><label>Reason <select name=\"reopen_reason\">")
          .append(Html.options(DecisionRules.Action.REOPEN.reasonCodes(), null, false)).append("</select></label>")
          .append("<label>Note <input name=\"note\" maxlength=\"2000\"></label><button type=\"submit\" id=\"reopen\">Reopen</button></form>");
    }
    return b.toString();
  }

  private static String fact(String k, Object v) {
    return "<tr><th>" + esc(k) + "</th><td>" + esc(v == null ? "—" : v) + "</td></tr>";
  }

  private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z");

  static String local(Services s, Instant t) {
    return t == null ? "" : LOCAL.format(t.atZone(s.config().timeZone()));
  }

  static String age(Instant now, Instant t) {
    long minutes = Math.max(0, (now.toEpochMilli() - t.toEpochMilli()) / 60_000);
    if (minutes < 60) return minutes + " min";
    if (minutes < 48 * 60) return (minutes / 60) + " h";
    return (minutes / 1440) + " d";
  }
}
