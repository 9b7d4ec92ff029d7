package io.lezflow.portal.police;

import static io.lezflow.portal.web.Html.esc;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import io.lezflow.police.LegalProfile;
import io.lezflow.police.PoliceCaller;
import io.lezflow.police.audit.AuditEntry;
import io.lezflow.police.audit.AuditRecord;
import io.lezflow.police.audit.AuditVerification;
import io.lezflow.police.cameras.CameraDirectory.CameraView;
import io.lezflow.police.hotlist.Alert;
import io.lezflow.police.hotlist.HotlistStore;
import io.lezflow.police.search.MatchKind;
import io.lezflow.police.search.Passage;
import io.lezflow.police.search.SearchRefused;
import io.lezflow.police.search.SearchRequest;
import io.lezflow.police.search.SearchResult;
import io.lezflow.police.search.SightingHit;
import io.lezflow.portal.BadRequest;
import io.lezflow.portal.PortalServer.Services;
import io.lezflow.portal.auth.Permission;
import io.lezflow.portal.auth.Principal;
import io.lezflow.portal.web.Html;
import io.lezflow.portal.web.Layout;
import io.lezflow.portal.web.Requests;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The police pages ({@code /ui/police}: search with map and timeline, live alerts, hotlist) and the
 * auditor's page ({@code /ui/audit}), server-rendered in the portal's layout. A search is a POST
 * (CSRF-protected): it writes an audit entry in the user's name.
 */
final class PolicePages {
  private static final DateTimeFormatter INPUT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");
  static final String ALERTS_JS = "/static/police-alerts.js";

  private PolicePages() {}

  static void register(RoutesConfig r, Services s, PoliceServices police) {
    r.get("/ui/police", ctx -> {
      PoliceRoutes.caller(ctx, s);
      ctx.redirect("/ui/police/search");
    });
    r.get("/ui/police/search", ctx -> {
      PoliceCaller c = PoliceRoutes.caller(ctx, s);
      Principal p = Requests.principal(ctx);
      Map<String, String> values = defaults(s, police);
      ctx.html(s.layout().page("Plate search", p, "police-search", searchForm(s, police, p, c, values, null)
          + "<section id=\"results\"><h2>Cameras of zone " + esc(c.policeZone()) + "</h2>"
          + PoliceViews.map(police.cameras().cameras(c.policeZone()), Set.of(), List.of(), Set.of(), 720, 460) + PoliceViews.legend(false, false)
          + "</section>"));
    });
    r.post("/ui/police/search", ctx -> {
      PoliceCaller c = PoliceRoutes.caller(ctx, s);
      Principal p = Requests.principal(ctx);
      Map<String, String> values = new LinkedHashMap<>();
      for (String k : List.of("plate", "country", "from", "to", "reason", "case_reference", "page")) {
        String v = ctx.formParam(k);
        values.put(k, v == null ? "" : v);
      }
      String body;
      try {
        SearchRequest request = PoliceRoutes.request(name -> blankToNull(values.get(name)), s.config().timeZone());
        SearchResult result = police.search().search(c, request);
        body = searchForm(s, police, p, c, values, null) + results(s, police, p, c, values, result);
      } catch (SearchRefused refused) {
        ctx.status(PoliceRoutes.status(refused));
        body = searchForm(s, police, p, c, values, refusalMessage(refused));
      } catch (BadRequest bad) {
        ctx.status(400);
        body = searchForm(s, police, p, c, values, "<div class=\"flash error\" id=\"refusal\" role=\"alert\"><strong>Not searched:</strong> "
            + esc(bad.getMessage()) + "</div>");
      }
      ctx.html(s.layout().page("Plate search", p, "police-search", body));
    });

    r.get("/ui/police/alerts", ctx -> {
      PoliceCaller c = PoliceRoutes.caller(ctx, s);
      Principal p = Requests.principal(ctx);
      List<Alert> recent = police.alerts().recent(c.policeZone(), 50);
      Set<String> alerting = new HashSet<>();
      recent.stream().filter(a -> a.alertedAt().isAfter(Instant.now().minus(1, ChronoUnit.HOURS))).forEach(a -> alerting.add(a.cameraId()));
      StringBuilder b = new StringBuilder("<h1>Live hotlist alerts · zone ").append(esc(c.policeZone())).append("</h1>")
          .append("<p class=\"live\"><span id=\"stream-state\" class=\"stream-state\">connecting…</span> ")
          .append("A plate of the zone's hotlist read at a camera of the zone appears here within seconds.</p>")
          .append("<div class=\"police-grid\"><div><table class=\"grid\" id=\"alerts\" data-time-zone=\"").append(esc(s.config().timeZone().getId())).append("\"><thead><tr><th>Alerted</th><th>Read at</th>")
          .append("<th>Camera</th><th>Reference</th><th>Reason</th><th>Match</th></tr></thead><tbody id=\"alert-rows\">");
      for (Alert a : recent) b.append(alertRow(s, a));
      b.append("</tbody></table>");
      if (recent.isEmpty()) b.append("<p class=\"muted\" id=\"no-alerts\">No alert yet.</p>");
      b.append("</div><figure><figcaption>Cameras of the zone (ringed: an alert in the last hour)</figcaption>")
          .append(PoliceViews.map(police.cameras().cameras(c.policeZone()), Set.of(), List.of(), alerting, 560, 400))
          .append(PoliceViews.legend(false, true)).append("</figure></div>");
      ctx.html(s.layout().page("Live alerts", p, "police-alerts", b.toString(), ALERTS_JS));
    });

    r.get("/ui/police/cameras", ctx -> {
      PoliceCaller c = PoliceRoutes.caller(ctx, s);
      List<CameraView> cameras = police.cameras().cameras(c.policeZone());
      long offline = cameras.stream().filter(v -> "OFFLINE".equals(v.state())).count();
      StringBuilder b = new StringBuilder("<h1>Cameras · zone ").append(esc(c.policeZone())).append("</h1>")
          .append("<p class=\"summary\" id=\"camera-summary\">").append(cameras.size()).append(" cameras, ").append(offline)
          .append(" offline</p><div class=\"police-grid\"><figure><figcaption>Cameras of the zone by health</figcaption>")
          .append(PoliceViews.map(cameras, Set.of(), List.of(), Set.of(), 640, 460)).append(PoliceViews.legend(false, false))
          .append("</figure><table class=\"grid\" id=\"cameras\"><thead><tr><th>Camera</th><th>Street</th><th>Direction</th><th>State</th>")
          .append("<th>Since</th><th>Last seen</th><th>Reads (last hour)</th></tr></thead><tbody>");
      for (CameraView v : cameras) {
        b.append("<tr class=\"camera state-").append(esc(v.state().toLowerCase(Locale.ROOT))).append("\" data-camera=\"").append(esc(v.cameraId()))
            .append("\"><td>").append(esc(v.cameraId())).append(v.active() ? "" : " <span class=\"muted\">(retired)</span>").append("</td><td>")
            .append(esc(v.street())).append("</td><td>").append(esc(v.direction())).append("</td><td><span class=\"status cam-state-")
            .append(esc(v.state().toLowerCase(Locale.ROOT))).append("\">").append(esc(v.state())).append("</span></td><td>")
            .append(esc(local(s, v.stateSince()))).append("</td><td>").append(esc(local(s, v.lastSeen()))).append("</td><td>")
            .append(v.readsLastHour()).append("</td></tr>");
      }
      b.append("</tbody></table></div>");
      ctx.html(s.layout().page("Cameras", Requests.principal(ctx), "police-cameras", b.toString()));
    });

    r.get("/ui/police/hotlist", ctx -> {
      PoliceCaller c = PoliceRoutes.caller(ctx, s);
      ctx.html(s.layout().page("Hotlist", Requests.principal(ctx), "police-hotlist", hotlist(s, police, Requests.principal(ctx), c,
          flash(ctx.queryParam("msg"), false))));
    });
    r.post("/ui/police/hotlist", ctx -> {
      PoliceCaller c = PoliceRoutes.caller(ctx, s);
      try {
        HotlistStore.Listing l = PoliceRoutes.addEntry(police, s, c, ctx.formParam("plate"), ctx.formParam("country"), ctx.formParam("reason"),
            ctx.formParam("reference"), ctx.formParam("expires"));
        ctx.redirect("/ui/police/hotlist?msg=" + Html.url("listed " + l.reference() + " until " + expiry(s, l.expiresAt())));
      } catch (BadRequest bad) {
        ctx.status(400);
        ctx.html(s.layout().page("Hotlist", Requests.principal(ctx), "police-hotlist", hotlist(s, police, Requests.principal(ctx), c,
            flash("Not listed: " + bad.getMessage(), true))));
      }
    });
    r.post("/ui/police/hotlist/import", ctx -> {
      PoliceCaller c = PoliceRoutes.caller(ctx, s);
      UploadedFile file = ctx.uploadedFile("csv");
      String text;
      if (file == null || file.size() == 0) {
        text = null;
      } else if (file.size() > 1_000_000) {
        throw new BadRequest("csv: at most 1 MB");
      } else {
        try (InputStream in = file.content()) {
          text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
          throw new BadRequest("csv: the upload could not be read");
        }
      }
      String message;
      boolean error;
      try {
        if (text == null) throw new BadRequest("choose a CSV file first");
        HotlistStore.ImportReport report = PoliceRoutes.importCsv(police, s, c, text);
        message = "Imported " + report.listed().size() + " entr" + (report.listed().size() == 1 ? "y" : "ies")
            + (report.refused().isEmpty() ? "." : "; refused: " + String.join("; ", report.refused()));
        error = !report.refused().isEmpty();
      } catch (BadRequest bad) {
        ctx.status(400);
        message = "Not imported: " + bad.getMessage();
        error = true;
      }
      ctx.html(s.layout().page("Hotlist", Requests.principal(ctx), "police-hotlist", hotlist(s, police, Requests.principal(ctx), c,
          flash(message, error))));
    });
    r.post("/ui/police/hotlist/{entryId}/remove", ctx -> {
      PoliceCaller c = PoliceRoutes.caller(ctx, s);
      try {
        PoliceRoutes.removeEntry(police, c, ctx.pathParam("entryId"), ctx.formParam("reason"));
        ctx.redirect("/ui/police/hotlist?msg=" + Html.url("removed the entry"));
      } catch (BadRequest bad) {
        ctx.status(400);
        ctx.html(s.layout().page("Hotlist", Requests.principal(ctx), "police-hotlist", hotlist(s, police, Requests.principal(ctx), c,
            flash("Not removed: " + bad.getMessage(), true))));
      }
    });

    r.get("/ui/audit", ctx -> {
      Principal p = Requests.require(ctx, Permission.AUDIT_LOG);
      ctx.html(s.layout().page("Audit log", p, "audit", audit(s, police, p, ctx)));
    });
    r.post("/ui/audit/export", ctx -> {
      Principal p = Requests.require(ctx, Permission.AUDIT_LOG);
      PoliceRoutes.exportCsv(ctx, police, p, PoliceRoutes.AuditQuery.parse(ctx::formParam, s.config().timeZone()));
    });
  }

  // ---- search ----

  private static Map<String, String> defaults(Services s, PoliceServices police) {
    ZoneId zone = s.config().timeZone();
    LocalDateTime now = LocalDateTime.now(police.clock().withZone(zone)).truncatedTo(ChronoUnit.MINUTES);
    Map<String, String> v = new LinkedHashMap<>();
    v.put("plate", "");
    v.put("country", "BE");
    v.put("from", INPUT.format(now.minusDays(1)));
    v.put("to", INPUT.format(now));
    v.put("reason", "");
    v.put("case_reference", "");
    v.put("page", "0");
    return v;
  }

  private static String searchForm(Services s, PoliceServices police, Principal p, PoliceCaller c, Map<String, String> v, String flash) {
    boolean judicial = c.profile() == LegalProfile.JUDICIAL;
    StringBuilder b = new StringBuilder("<h1>Plate search · zone ").append(esc(c.policeZone())).append("</h1>");
    b.append("<p class=\"profile\" id=\"profile\">Your legal profile: <strong>").append(judicial ? "judicial" : "administrative")
        .append("</strong> — ")
        .append(judicial
            ? "up to " + esc(police.limits().retention().toTotalMonths()) + " months back; beyond one month only with the public "
                + "prosecutor's decision reference, which is recorded."
            : "the last month only.")
        .append(" Every search, allowed or refused, is recorded in the audit log with your reason.</p>");
    if (flash != null) b.append(flash);
    b.append("<form method=\"post\" action=\"/ui/police/search\" class=\"filters police-search\" id=\"search-form\">")
        .append(Layout.csrfField(p))
        .append("<label>Plate<input id=\"s-plate\" name=\"plate\" required maxlength=\"20\" autocomplete=\"off\" value=\"")
        .append(esc(v.get("plate"))).append("\"></label>")
        .append("<label>Country<input id=\"s-country\" name=\"country\" required maxlength=\"3\" size=\"4\" value=\"")
        .append(esc(v.get("country"))).append("\"></label>")
        .append("<label>From<input id=\"s-from\" type=\"datetime-local\" name=\"from\" required value=\"").append(esc(v.get("from")))
        .append("\"></label>")
        .append("<label>To<input id=\"s-to\" type=\"datetime-local\" name=\"to\" required value=\"").append(esc(v.get("to")))
        .append("\"></label>")
        .append("<label class=\"wide\">Reason (required)<input id=\"s-reason\" name=\"reason\" required minlength=\"")
        .append(police.limits().minReasonLength()).append("\" maxlength=\"500\" placeholder=\"why you search: case, event, request\" value=\"")
        .append(esc(v.get("reason"))).append("\"></label>");
    if (judicial) {
      b.append("<label>Prosecutor's decision (beyond one month)<input id=\"s-case\" name=\"case_reference\" maxlength=\"100\" value=\"")
          .append(esc(v.get("case_reference"))).append("\"></label>");
    }
    b.append("<input type=\"hidden\" name=\"page\" value=\"0\">")
        .append("<button type=\"submit\" id=\"search\" class=\"ok\">Search</button></form>");
    return b.toString();
  }

  private static String refusalMessage(SearchRefused refused) {
    return "<div class=\"flash error refusal\" id=\"refusal\" role=\"alert\"><strong>Search refused</strong> ("
        + esc(refused.code().name()) + "): " + esc(refused.getMessage()) + ". <span class=\"muted\">Recorded in the audit log as entry "
        + refused.auditSeq() + ".</span></div>";
  }

  private static String results(Services s, PoliceServices police, Principal p, PoliceCaller c, Map<String, String> v, SearchResult r) {
    List<CameraView> cameras = police.cameras().cameras(c.policeZone());
    Set<String> hits = new HashSet<>();
    for (Passage passage : r.passages()) hits.addAll(passage.cameraSequence());
    StringBuilder b = new StringBuilder("<section id=\"results\">");
    b.append("<p class=\"summary\" id=\"summary\">").append(r.totalSightings()).append(" sighting").append(r.totalSightings() == 1 ? "" : "s")
        .append(" in ").append(r.totalPassages()).append(" passage").append(r.totalPassages() == 1 ? "" : "s").append(" on the cameras of zone ")
        .append(esc(c.policeZone())).append(r.pages() > 1 ? " · page " + (r.page() + 1) + " of " + r.pages() : "")
        .append(" · audit entry ").append(r.auditSeq()).append("</p>");
    if (r.truncated()) b.append("<div class=\"flash error\">More sightings matched than one search reads: narrow the time range.</div>");
    if (r.passages().isEmpty()) {
      b.append("<p class=\"muted\" id=\"no-results\">No sighting of this plate on the zone's cameras in this time range.</p>");
    }
    b.append("<div class=\"police-grid\"><figure><figcaption>Cameras of the zone; red: seen there (lines: the route of each passage)</figcaption>")
        .append(PoliceViews.map(cameras, hits, r.passages(), Set.of(), 720, 460)).append(PoliceViews.legend(true, false)).append("</figure>");
    b.append("<div class=\"passages\"><h2>Passages</h2>");
    for (int i = 0; i < r.passages().size(); i++) {
      Passage passage = r.passages().get(i);
      b.append("<details class=\"passage\" id=\"passage-").append(i).append("\"").append(i == 0 ? " open" : "").append("><summary>")
          .append("<span class=\"swatch\" style=\"background:").append(PoliceViews.colour(i)).append("\"></span>")
          .append("<strong>").append(esc(passage.vehicle())).append("</strong> · ").append(esc(local(s, passage.firstSeen()))).append(" → ")
          .append(esc(local(s, passage.lastSeen()))).append(" · ").append(esc(String.join(" → ", passage.cameraSequence())))
          .append("</summary><p class=\"how ").append(passage.match() == MatchKind.EXACT ? "exact" : "folded").append("\">")
          .append(esc(passage.howMatched())).append("</p><table class=\"grid sightings\"><thead><tr><th>Time</th><th>Camera</th><th>Street</th>")
          .append("<th>Lane</th><th>Direction</th><th>Confidence</th><th>Image</th></tr></thead><tbody>");
      for (SightingHit h : passage.sightings()) {
        b.append("<tr class=\"sighting\" data-camera=\"").append(esc(h.cameraId())).append("\"><td>").append(esc(local(s, h.capturedAt())))
            .append("</td><td>").append(esc(h.cameraId())).append("</td><td>").append(esc(h.street())).append("</td><td>").append(h.lane())
            .append("</td><td>").append(esc(h.direction())).append("</td><td>").append(String.format(Locale.ROOT, "%.2f", h.confidence()))
            .append("</td><td><code title=\"SHA-256 ").append(esc(h.imageSha256())).append("\">").append(esc(h.imageKey()))
            .append("</code></td></tr>");
      }
      b.append("</tbody></table></details>");
    }
    b.append("</div></div>");
    if (!r.passages().isEmpty()) {
      b.append("<figure class=\"timeline-box\"><figcaption>Timeline of the passages (").append(esc(s.config().timeZone()))
          .append(")</figcaption>").append(PoliceViews.timeline(r.passages(), s.config().timeZone(), 1100)).append("</figure>");
    }
    if (r.page() + 1 < r.pages()) {
      b.append("<form method=\"post\" action=\"/ui/police/search\">").append(Layout.csrfField(p));
      for (var e : v.entrySet()) {
        if (e.getKey().equals("page")) continue;
        b.append("<input type=\"hidden\" name=\"").append(esc(e.getKey())).append("\" value=\"").append(esc(e.getValue())).append("\">");
      }
      b.append("<input type=\"hidden\" name=\"page\" value=\"").append(r.page() + 1)
          .append("\"><button type=\"submit\" id=\"next-page\">Next page (a new audited search)</button></form>");
    }
    return b.append("</section>").toString();
  }

  // ---- alerts ----

  static String alertRow(Services s, Alert a) {
    return "<tr class=\"alert-row\" data-alert=\"" + esc(a.alertId()) + "\"><td>" + esc(local(s, a.alertedAt())) + "</td><td>"
        + esc(local(s, a.capturedAt())) + "</td><td>" + esc(a.cameraId()) + "</td><td>" + esc(a.reference()) + "</td><td>" + esc(a.reason())
        + "</td><td>" + esc(a.match()) + "</td></tr>";
  }

  // ---- hotlist ----

  private static String hotlist(Services s, PoliceServices police, Principal p, PoliceCaller c, String flash) {
    List<HotlistStore.Listing> entries = police.hotlists().list(c.policeZone());
    StringBuilder b = new StringBuilder("<h1>Hotlist · zone ").append(esc(c.policeZone())).append("</h1>");
    b.append("<p class=\"muted\">Plates the zone is looking for. They are stored and sent to the cameras' matcher as keyed hashes only;")
        .append(" a read of a listed plate at a camera of the zone raises a live alert. Expired entries stop matching on their own.</p>");
    if (flash != null) b.append(flash);
    String expiry = java.time.LocalDate.now(police.clock().withZone(s.config().timeZone())).plusDays(30).toString();
    b.append("<div class=\"hotlist-forms\"><form method=\"post\" action=\"/ui/police/hotlist\" class=\"filters\" id=\"hotlist-add\">")
        .append(Layout.csrfField(p))
        .append("<label>Plate<input id=\"h-plate\" name=\"plate\" required maxlength=\"20\" autocomplete=\"off\"></label>")
        .append("<label>Country<input id=\"h-country\" name=\"country\" required maxlength=\"3\" size=\"4\" value=\"BE\"></label>")
        .append("<label>Reason<input id=\"h-reason\" name=\"reason\" required minlength=\"4\" maxlength=\"200\" placeholder=\"stolen vehicle\"></label>")
        .append("<label>Reference<input id=\"h-reference\" name=\"reference\" required maxlength=\"100\" placeholder=\"PV BR.55.L1.1234/26\"></label>")
        .append("<label>Expires<input id=\"h-expires\" type=\"date\" name=\"expires\" required value=\"").append(esc(expiry)).append("\"></label>")
        .append("<button type=\"submit\" id=\"hotlist-add-submit\" class=\"ok\">List the plate</button></form>")
        .append("<form method=\"post\" action=\"/ui/police/hotlist/import\" enctype=\"multipart/form-data\" class=\"filters\" id=\"hotlist-import\">")
        .append(Layout.csrfField(p))
        .append("<label>CSV file (").append(esc(HotlistStore.CSV_HEADER)).append(")<input id=\"h-csv\" type=\"file\" name=\"csv\" accept=\".csv,text/csv\"></label>")
        .append("<button type=\"submit\" id=\"hotlist-import-submit\">Import CSV</button></form></div>");
    b.append("<table class=\"grid\" id=\"hotlist\"><thead><tr><th>Reference</th><th>Reason</th><th>Listed by</th><th>Listed</th><th>Expires</th>")
        .append("<th>Remove</th></tr></thead><tbody>");
    for (HotlistStore.Listing l : entries) {
      b.append("<tr class=\"entry\" data-entry=\"").append(esc(l.entryId())).append("\"><td>").append(esc(l.reference())).append("</td><td>")
          .append(esc(l.reason())).append("</td><td>").append(esc(l.listedBy())).append("</td><td>").append(esc(local(s, l.listedAt())))
          .append("</td><td>").append(esc(expiry(s, l.expiresAt()))).append("</td><td><form method=\"post\" class=\"inline\" action=\"/ui/police/hotlist/")
          .append(esc(Html.url(l.entryId()))).append("/remove\">").append(Layout.csrfField(p))
          .append("<input name=\"reason\" required minlength=\"4\" placeholder=\"why\" aria-label=\"reason for removing\">")
          .append("<button type=\"submit\" class=\"no\">Remove</button></form></td></tr>");
    }
    b.append("</tbody></table>");
    if (entries.isEmpty()) b.append("<p class=\"muted\">The zone lists no plate.</p>");
    return b.toString();
  }

  // ---- audit ----

  private static String audit(Services s, PoliceServices police, Principal p, Context ctx) {
    Function<String, String> q = ctx::queryParam;
    PoliceRoutes.AuditQuery query;
    String problem = null;
    try {
      query = PoliceRoutes.AuditQuery.parse(q, s.config().timeZone());
    } catch (BadRequest bad) {
      problem = bad.getMessage();
      query = new PoliceRoutes.AuditQuery(0, 100, null, null, null);
    }
    AuditVerification v = police.audit().verify();
    StringBuilder b = new StringBuilder("<h1>Audit log</h1>");
    b.append("<div class=\"chain ").append(v.intact() ? "intact" : "broken").append("\" id=\"chain\">");
    if (v.intact()) {
      b.append("<strong>Chain intact</strong>: ").append(v.entriesChecked()).append(" entries checked; head entry ").append(v.headSeq())
          .append(", hash <code>").append(esc(v.headHashHex())).append("</code>. Record the head elsewhere: it proves the newest entries were not cut off.");
    } else {
      b.append("<strong>Chain broken</strong>: ").append(v.breaks().size()).append(" break(s) in ").append(v.entriesChecked())
          .append(" entries:<ul>");
      for (AuditVerification.Break br : v.breaks()) b.append("<li>").append(esc(br.toString())).append("</li>");
      b.append("</ul>");
    }
    b.append("</div>");
    if (problem != null) b.append(flash(problem, true));
    b.append("<form method=\"get\" action=\"/ui/audit\" class=\"filters\" id=\"audit-filters\">")
        .append("<label>From<input type=\"date\" name=\"from\" value=\"").append(esc(value(ctx, "from"))).append("\"></label>")
        .append("<label>To<input type=\"date\" name=\"to\" value=\"").append(esc(value(ctx, "to"))).append("\"></label>")
        .append("<label>Police zone<input name=\"police_zone\" size=\"10\" value=\"").append(esc(value(ctx, "police_zone"))).append("\"></label>")
        .append("<label>After entry<input name=\"after\" size=\"6\" value=\"").append(esc(value(ctx, "after"))).append("\"></label>")
        .append("<button type=\"submit\" id=\"audit-filter\">Filter</button></form>")
        .append("<form method=\"post\" action=\"/ui/audit/export\" class=\"inline export\">").append(Layout.csrfField(p))
        .append("<input type=\"hidden\" name=\"from\" value=\"").append(esc(value(ctx, "from"))).append("\">")
        .append("<input type=\"hidden\" name=\"to\" value=\"").append(esc(value(ctx, "to"))).append("\">")
        .append("<button type=\"submit\" id=\"audit-export\">Download CSV (from–to; the export is recorded)</button></form>");
    List<AuditEntry> entries = police.audit().list(query.afterSeq(), query.limit(), query.from(), query.to(), query.policeZone());
    b.append("<table class=\"grid audit\" id=\"audit\"><thead><tr><th>#</th><th>When</th><th>Kind</th><th>Who</th><th>Zone</th><th>Profile</th>")
        .append("<th>Reason</th><th>Case ref.</th><th>Query</th><th>Results</th><th>Outcome</th></tr></thead><tbody>");
    for (AuditEntry e : entries) {
      AuditRecord r = e.record();
      boolean refused = AuditRecord.REFUSED.equals(r.outcome());
      b.append("<tr class=\"audit-row").append(refused ? " refused" : "").append("\" data-seq=\"").append(e.seq()).append("\"><td>")
          .append(e.seq()).append("</td><td>").append(esc(local(s, e.at()))).append("</td><td>").append(esc(r.kind())).append("</td><td>")
          .append(esc(r.actor())).append(" <span class=\"muted\">").append(esc(r.role())).append("</span></td><td>").append(esc(r.policeZone()))
          .append("</td><td>").append(esc(r.legalProfile() == null ? "" : r.legalProfile().toLowerCase(Locale.ROOT))).append("</td><td>")
          .append(esc(r.reason())).append("</td><td>").append(esc(r.caseReference())).append("</td><td><code>").append(esc(r.query()))
          .append("</code></td><td>").append(r.resultCount()).append("</td><td>").append(refused ? "<span class=\"status status-rejected\">REFUSED</span> "
              + esc(r.refusal()) : "<span class=\"status status-approved\">ALLOWED</span>").append("</td></tr>");
    }
    b.append("</tbody></table>");
    if (entries.size() == query.limit()) {
      Map<String, String> next = new LinkedHashMap<>();
      for (String k : List.of("from", "to", "police_zone")) if (!value(ctx, k).isEmpty()) next.put(k, value(ctx, k));
      next.put("after", Long.toString(entries.get(entries.size() - 1).seq()));
      b.append("<p><a id=\"audit-next\" href=\"/ui/audit?").append(esc(Html.query(next))).append("\">Next entries</a></p>");
    }
    return b.toString();
  }

  // ---- helpers ----

  private static String value(Context ctx, String name) {
    String v = ctx.queryParam(name);
    return v == null ? "" : v;
  }

  static String flash(String message, boolean error) {
    if (message == null || message.isBlank()) return "";
    return "<div class=\"flash" + (error ? " error" : "") + "\" id=\"flash\" role=\"status\">" + esc(message) + "</div>";
  }

  static String local(Services s, Instant t) {
    if (t == null) return "";
    return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(s.config().timeZone()).format(t);
  }

  /** An expiry as it was typed: midnight is the end of the day before ("2026-12-24, end of day"). */
  static String expiry(Services s, Instant t) {
    var local = t.atZone(s.config().timeZone());
    if (local.toLocalTime().equals(java.time.LocalTime.MIDNIGHT)) return local.toLocalDate().minusDays(1) + ", end of day";
    return local(s, t);
  }

  private static String blankToNull(String v) {
    return v == null || v.isBlank() ? null : v;
  }
}
