package io.lezflow.portal.police;

import static io.lezflow.portal.web.Requests.body;
import static io.lezflow.portal.web.Requests.json;
import static io.lezflow.portal.web.Requests.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;
import io.lezflow.police.PoliceCaller;
import io.lezflow.police.audit.AuditEntry;
import io.lezflow.police.audit.AuditRecord;
import io.lezflow.police.audit.AuditVerification;
import io.lezflow.police.cameras.CameraDirectory;
import io.lezflow.police.hotlist.Alert;
import io.lezflow.police.hotlist.HotlistStore;
import io.lezflow.police.search.RefusalCode;
import io.lezflow.police.search.SearchRefused;
import io.lezflow.police.search.SearchRequest;
import io.lezflow.police.search.SearchResult;
import io.lezflow.portal.ApiError;
import io.lezflow.portal.BadRequest;
import io.lezflow.portal.PortalServer.Services;
import io.lezflow.portal.auth.Permission;
import io.lezflow.portal.auth.Principal;
import io.lezflow.portal.web.Json;
import io.lezflow.portal.web.NavItem;
import io.lezflow.portal.web.Requests;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The police route set (issue 10), registered through {@code PortalServer.start(config, jdbi,
 * List.of(PoliceRoutes.of(police)))}: the police API under {@code /api/v1/police} (role police,
 * scoped to the caller's police zone; an object of another zone is a 404), the auditor's API under
 * {@code /api/v1/audit}, and the pages under {@code /ui/police} and {@code /ui/audit} ({@link
 * PolicePages}). Every search goes through the audited {@code PlateSearch} under the user's legal
 * profile (column {@code portal_users.legal_profile}).
 */
public final class PoliceRoutes {
  private static final Logger log = LoggerFactory.getLogger(PoliceRoutes.class);
  static final int MAX_ALERTS = 500;
  /** A comment line this often keeps an idle stream open through proxies and finds a gone client. */
  static final Duration SSE_HEARTBEAT = Duration.ofSeconds(15);

  /** One daemon thread for every stream's heartbeat, shared by every portal in the JVM (a test starts several). */
  private static final ScheduledExecutorService HEARTBEAT = Executors.newSingleThreadScheduledExecutor(t -> {
    Thread th = new Thread(t, "lezflow-police-sse-heartbeat");
    th.setDaemon(true);
    return th;
  });

  private PoliceRoutes() {}

  public static BiConsumer<RoutesConfig, Services> of(PoliceServices police) {
    return (r, s) -> {
      s.layout().addNav(new NavItem("police-search", "Plate search", "/ui/police/search", Permission.POLICE_WORK));
      s.layout().addNav(new NavItem("police-alerts", "Live alerts", "/ui/police/alerts", Permission.POLICE_WORK));
      s.layout().addNav(new NavItem("police-hotlist", "Hotlist", "/ui/police/hotlist", Permission.POLICE_WORK));
      s.layout().addNav(new NavItem("police-cameras", "Cameras", "/ui/police/cameras", Permission.POLICE_WORK));
      s.layout().addNav(new NavItem("audit", "Audit log", "/ui/audit", Permission.AUDIT_LOG));
      ScheduledExecutorService heartbeat = HEARTBEAT;

      r.get("/api/v1/police/search", ctx -> apiSearch(ctx, s, police, ctx::queryParam));
      // The same with the plate in the body: a plate in a URL ends up in proxies' access logs.
      r.post("/api/v1/police/search", ctx -> {
        caller(ctx, s);
        JsonNode body = body(ctx);
        apiSearch(ctx, s, police, name -> {
          JsonNode n = body.get(name);
          return n == null || n.isNull() ? null : n.isValueNode() ? n.asText() : "";
        });
      });
      r.get("/api/v1/police/alerts", ctx -> {
        PoliceCaller c = caller(ctx, s);
        int limit = intParam(ctx, "limit", 50, 1, MAX_ALERTS);
        String after = ctx.queryParam("after");
        List<Alert> alerts = after == null || after.isBlank()
            ? police.alerts().recent(c.policeZone(), limit)
            : police.alerts().after(c.policeZone(), after, limit).orElseThrow(ApiError::notFound);
        json(ctx, Map.of("items", alerts));
      });
      r.get("/api/v1/police/alerts/stream", ctx -> {
        PoliceCaller c = caller(ctx, s);
        String accept = ctx.header("Accept");
        if (accept == null || !accept.contains("text/event-stream")) {
          throw new BadRequest("Accept: text/event-stream (this is a server-sent-event stream; GET /api/v1/police/alerts lists alerts as JSON)");
        }
        String lastSeen = ctx.header("Last-Event-ID");
        new SseHandler(client -> stream(client, c.policeZone(), lastSeen, police, heartbeat)).handle(ctx);
      });
      r.get("/api/v1/police/cameras", ctx -> {
        PoliceCaller c = caller(ctx, s);
        json(ctx, Map.of("items", police.cameras().cameras(c.policeZone())));
      });
      r.get("/api/v1/police/cameras/{id}", ctx -> {
        PoliceCaller c = caller(ctx, s);
        CameraDirectory.CameraView camera = camera(police, c, ctx.pathParam("id"));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("camera", camera);
        m.put("history", police.cameras().history(camera.cameraId(), 50));
        json(ctx, m);
      });
      r.get("/api/v1/police/hotlist", ctx -> {
        PoliceCaller c = caller(ctx, s);
        json(ctx, Map.of("items", police.hotlists().list(c.policeZone())));
      });
      r.post("/api/v1/police/hotlist", ctx -> {
        PoliceCaller c = caller(ctx, s);
        JsonNode body = body(ctx);
        HotlistStore.Listing listing = addEntry(police, s, c, text(body, "plate"), text(body, "country"), text(body, "reason"),
            text(body, "reference"), text(body, "expires"));
        ctx.status(201);
        json(ctx, listing);
      });
      r.post("/api/v1/police/hotlist/import", ctx -> {
        PoliceCaller c = caller(ctx, s);
        String ct = ctx.contentType();
        if (ct == null || !ct.startsWith("text/csv")) throw new BadRequest("body: send the CSV with Content-Type: text/csv");
        json(ctx, importCsv(police, s, c, ctx.body()));
      });
      r.delete("/api/v1/police/hotlist/{entryId}", ctx -> {
        PoliceCaller c = caller(ctx, s);
        String reason = ctx.queryParam("reason");
        if (reason == null && ctx.contentType() != null && ctx.contentType().startsWith("application/json")) reason = text(body(ctx), "reason");
        removeEntry(police, c, ctx.pathParam("entryId"), reason);
        ctx.status(204);
      });

      r.get("/api/v1/audit", ctx -> {
        Requests.require(ctx, Permission.AUDIT_LOG);
        AuditQuery q = AuditQuery.parse(ctx::queryParam, s.config().timeZone());
        List<AuditView> items = police.audit().list(q.afterSeq(), q.limit(), q.from(), q.to(), q.policeZone()).stream()
            .map(AuditView::of).toList();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("items", items);
        m.put("next_after", items.size() == q.limit() ? items.get(items.size() - 1).seq() : null);
        json(ctx, m);
      });
      r.post("/api/v1/audit/export", ctx -> {
        Principal p = Requests.require(ctx, Permission.AUDIT_LOG);
        AuditQuery q = AuditQuery.parse(name -> firstNonNull(ctx.queryParam(name), formParam(ctx, name)), s.config().timeZone());
        exportCsv(ctx, police, p, q);
      });
      r.get("/api/v1/audit/verify", ctx -> {
        Requests.require(ctx, Permission.AUDIT_LOG);
        json(ctx, VerificationView.of(police.audit().verify()));
      });

      PolicePages.register(r, s, police);
    };
  }

  // ---- the police caller and its scope ----

  /** The caller as the police library sees it: 401 without credentials, 403 unless a police user with a zone. */
  static PoliceCaller caller(Context ctx, Services s) {
    Principal p = Requests.require(ctx, Permission.POLICE_WORK);
    if (p.policeZone() == null || p.policeZone().isBlank()) throw ApiError.forbidden();
    return new PoliceCaller(p.username(), p.policeZone(), s.users().legalProfile(p.username()));
  }

  static CameraDirectory.CameraView camera(PoliceServices police, PoliceCaller c, String cameraId) {
    if (cameraId == null || cameraId.length() > 200) throw ApiError.notFound();
    return police.cameras().cameras(c.policeZone()).stream().filter(v -> v.cameraId().equals(cameraId)).findFirst()
        .orElseThrow(ApiError::notFound);
  }

  // ---- search ----

  static void apiSearch(Context ctx, Services s, PoliceServices police, java.util.function.Function<String, String> field) {
    PoliceCaller caller = caller(ctx, s);
    SearchRequest request = request(field, s.config().timeZone());
    try {
      json(ctx, police.search().search(caller, request));
    } catch (SearchRefused refused) {
      ctx.status(status(refused));
      json(ctx, refusal(refused));
    }
  }

  /** 429 when the user searched too often (no trawling), else 422: the law or the rules refuse this search. */
  static int status(SearchRefused refused) {
    return refused.code() == RefusalCode.RATE_LIMITED ? 429 : 422;
  }

  static Map<String, Object> refusal(SearchRefused refused) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("error", "search_refused");
    m.put("refusal", refused.code().name());
    m.put("message", refused.getMessage());
    m.put("audit_seq", refused.auditSeq());
    return m;
  }

  /**
   * A search request from form or query fields: plate, country, from, to (an instant, or a local
   * date-time / date in the portal's time zone; {@code to} a date means the end of that day, or
   * now for today),
   * reason, case_reference, page. Malformed fields are a 400; a missing reason is the search's own
   * refusal (audited, 422).
   */
  static SearchRequest request(java.util.function.Function<String, String> field, ZoneId zone) {
    String plate = required(field, "plate");
    String country = required(field, "country");
    Instant from = time(field, "from", zone, false);
    Instant to = time(field, "to", zone, true);
    String caseReference = firstNonNull(field.apply("case_reference"), field.apply("caseReference"));
    SearchRequest r = SearchRequest.firstPage(plate, country, from, to, field.apply("reason"), caseReference);
    String page = field.apply("page");
    if (page != null && !page.isBlank()) {
      try {
        r = r.withPage(Integer.parseInt(page.trim()));
      } catch (NumberFormatException e) {
        throw new BadRequest("page: a whole number from 0");
      }
    }
    return r;
  }

  static String required(java.util.function.Function<String, String> field, String name) {
    String v = field.apply(name);
    if (v == null || v.isBlank()) throw new BadRequest(name + ": required");
    return v.trim();
  }

  static Instant time(java.util.function.Function<String, String> field, String name, ZoneId zone, boolean endOfDay) {
    String v = required(field, name);
    try {
      if (v.length() == 10) {
        LocalDate day = LocalDate.parse(v);
        Instant t = (endOfDay ? day.plusDays(1) : day).atStartOfDay(zone).toInstant();
        // "to today" means up to now: the end of today is in the future, which no search may reach.
        return endOfDay && t.isAfter(Instant.now()) ? Instant.now() : t;
      }
      if (v.endsWith("Z") || v.matches(".*[+-]\\d\\d:\\d\\d$")) return java.time.OffsetDateTime.parse(v).toInstant();
      return java.time.LocalDateTime.parse(v).atZone(zone).toInstant();
    } catch (DateTimeParseException e) {
      throw new BadRequest(name + ": a time like 2026-01-31T08:00:00Z, 2026-01-31T09:00 (local) or 2026-01-31");
    }
  }

  // ---- hotlists ----

  static HotlistStore.Listing addEntry(PoliceServices police, Services s, PoliceCaller c, String plate, String country, String reason,
      String reference, String expires) {
    if (plate == null || plate.isBlank()) throw new BadRequest("plate: required");
    if (country == null || country.isBlank()) throw new BadRequest("country: required");
    if (expires == null || expires.isBlank()) throw new BadRequest("expires: required (a date like 2026-12-31 or an instant)");
    Instant expiresAt;
    try {
      String e = expires.trim();
      expiresAt = e.length() == 10 ? LocalDate.parse(e).plusDays(1).atStartOfDay(s.config().timeZone()).toInstant() : Instant.parse(e);
    } catch (DateTimeParseException e) {
      throw new BadRequest("expires: a date like 2026-12-31 or an instant like 2026-12-31T23:00:00Z");
    }
    try {
      return police.hotlists().add(c, plate, country, reason, reference, expiresAt);
    } catch (HotlistStore.BadHotlistEntry e) {
      throw new BadRequest(e.getMessage());
    }
  }

  static HotlistStore.ImportReport importCsv(PoliceServices police, Services s, PoliceCaller c, String csv) {
    try {
      return police.hotlists().importCsv(c, new StringReader(csv), s.config().timeZone());
    } catch (HotlistStore.BadHotlistEntry e) {
      throw new BadRequest(e.getMessage());
    }
  }

  static void removeEntry(PoliceServices police, PoliceCaller c, String entryId, String reason) {
    if (reason == null || reason.strip().length() < 4) throw new BadRequest("reason: say why the entry is removed");
    if (entryId == null || entryId.length() > 200 || !police.hotlists().remove(c, entryId, reason)) throw ApiError.notFound();
  }

  // ---- live alerts ----

  /**
   * One server-sent-event stream: the alerts missed since {@code lastSeen} (a reconnecting
   * EventSource sends it), then every new alert of the zone as event {@code alert} with the alert
   * id as event id. Writes happen on the stream's own thread, never on the feed's poll thread.
   */
  static void stream(SseClient client, String policeZone, String lastSeen, PoliceServices police, ScheduledExecutorService heartbeat) {
    ExecutorService writer = Executors.newSingleThreadExecutor(t -> {
      Thread th = new Thread(t, "lezflow-police-sse");
      th.setDaemon(true);
      return th;
    });
    client.keepAlive();
    AutoCloseable subscription = police.alerts().subscribe(policeZone, alert -> submit(writer, () -> sendAlert(client, alert)));
    if (lastSeen != null && !lastSeen.isBlank() && lastSeen.length() <= 200) {
      police.alerts().after(policeZone, lastSeen, MAX_ALERTS).ifPresent(missed -> submit(writer, () -> missed.forEach(a -> sendAlert(client, a))));
    }
    submit(writer, () -> client.sendComment("connected"));
    ScheduledFuture<?> beat = heartbeat.scheduleAtFixedRate(() -> submit(writer, () -> {
      if (!client.terminated()) client.sendComment("heartbeat");
    }), SSE_HEARTBEAT.toMillis(), SSE_HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
    client.onClose(() -> {
      beat.cancel(false);
      try {
        subscription.close();
      } catch (Exception e) {
        log.debug("closing an alert subscription: {}", e.getClass().getSimpleName());
      }
      writer.shutdown();
    });
  }

  private static void sendAlert(SseClient client, Alert alert) {
    if (!client.terminated()) client.sendEvent("alert", Json.write(alert), alert.alertId());
  }

  private static void submit(ExecutorService writer, Runnable task) {
    try {
      writer.execute(task);
    } catch (RejectedExecutionException e) {
      // The stream is closed: nothing to deliver to.
    }
  }

  // ---- audit ----

  /** The auditor's filters: after (seq), limit, from, to (dates or instants), police_zone. */
  record AuditQuery(long afterSeq, int limit, Instant from, Instant to, String policeZone) {
    static AuditQuery parse(java.util.function.Function<String, String> field, ZoneId zone) {
      long after = 0;
      String a = field.apply("after");
      if (a != null && !a.isBlank()) {
        try {
          after = Long.parseLong(a.trim());
        } catch (NumberFormatException e) {
          throw new BadRequest("after: the sequence number of the last entry seen");
        }
        if (after < 0) throw new BadRequest("after: the sequence number of the last entry seen");
      }
      int limit = 100;
      String l = field.apply("limit");
      if (l != null && !l.isBlank()) {
        try {
          limit = Integer.parseInt(l.trim());
        } catch (NumberFormatException e) {
          throw new BadRequest("limit: a whole number 1..1000");
        }
        if (limit < 1 || limit > 1000) throw new BadRequest("limit: a whole number 1..1000");
      }
      Instant from = blank(field.apply("from")) ? null : time(field, "from", zone, false);
      Instant to = blank(field.apply("to")) ? null : time(field, "to", zone, true);
      if (from != null && to != null && !to.isAfter(from)) throw new BadRequest("to: after from");
      String pz = field.apply("police_zone");
      return new AuditQuery(after, limit, from, to, blank(pz) ? null : pz.trim());
    }
  }

  /** An audit entry for the API: hashes in hex. */
  record AuditView(long seq, Instant at, String kind, String actor, String role, String policeZone, String legalProfile, String reason,
      String caseReference, String query, int resultCount, String outcome, String refusal, String prevHash, String entryHash) {
    static AuditView of(AuditEntry e) {
      AuditRecord r = e.record();
      return new AuditView(e.seq(), e.at(), r.kind(), r.actor(), r.role(), r.policeZone(), r.legalProfile(), r.reason(), r.caseReference(),
          r.query(), r.resultCount(), r.outcome(), r.refusal(), hex(e.prevHash()), hex(e.entryHash()));
    }
  }

  record VerificationView(boolean intact, long entriesChecked, long headSeq, String headHash, List<String> breaks) {
    static VerificationView of(AuditVerification v) {
      return new VerificationView(v.intact(), v.entriesChecked(), v.headSeq(), v.headHashHex(),
          v.breaks().stream().map(AuditVerification.Break::toString).toList());
    }
  }

  static void exportCsv(Context ctx, PoliceServices police, Principal auditor, AuditQuery q) {
    StringWriter out = new StringWriter();
    long n = police.audit().exportCsv(auditor.username(), q.from(), q.to(), out);
    ctx.header("X-Audit-Entries", Long.toString(n));
    ctx.header("Content-Disposition", "attachment; filename=\"audit-log.csv\"");
    ctx.contentType("text/csv; charset=utf-8").result(out.toString().getBytes(StandardCharsets.UTF_8));
  }

  // ---- small helpers ----

  static String hex(byte[] b) {
    return b == null ? null : HexFormat.of().formatHex(b);
  }

  static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  static String firstNonNull(String a, String b) {
    return a != null ? a : b;
  }

  static String formParam(Context ctx, String name) {
    String ct = ctx.contentType();
    if (ct == null) return null;
    if (ct.startsWith("application/x-www-form-urlencoded") || ct.startsWith("multipart/form-data")) return ctx.formParam(name);
    return null;
  }

  static int intParam(Context ctx, String name, int fallback, int min, int max) {
    String v = ctx.queryParam(name);
    if (v == null || v.isBlank()) return fallback;
    try {
      int n = Integer.parseInt(v.trim());
      if (n >= min && n <= max) return n;
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new BadRequest(name + ": a whole number " + min + ".." + max);
  }

}
