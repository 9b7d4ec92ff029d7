package io.lezflow.portal.web;

import static io.lezflow.portal.web.Requests.body;
import static io.lezflow.portal.web.Requests.json;
import static io.lezflow.portal.web.Requests.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.lezflow.portal.ApiError;
import io.lezflow.portal.BadRequest;
import io.lezflow.portal.PortalServer.Services;
import io.lezflow.portal.auth.Permission;
import io.lezflow.portal.auth.PortalUser;
import io.lezflow.portal.auth.Principal;
import io.lezflow.portal.auth.Role;
import io.lezflow.portal.auth.SessionStore;
import io.lezflow.portal.evidence.EvidencePackages;
import io.lezflow.portal.review.DecisionRules;
import io.lezflow.portal.review.Exports;
import io.lezflow.portal.review.QueueFilter;
import io.lezflow.portal.review.QueuePage;
import io.lezflow.portal.review.Violation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The HTTP API under {@code /api/v1}, as described by {@code /openapi.yaml}. */
public final class ApiRoutes {
  private ApiRoutes() {}

  public static void register(RoutesConfig r, Services s) {
    r.get("/health", ctx -> json(ctx, Map.of("status", "ok")));
    r.get("/openapi.yaml", ctx -> ctx.contentType("application/yaml").result(resource("/portal/openapi.yaml")));

    r.post("/api/v1/tokens", ctx -> {
      JsonNode body = body(ctx);
      PortalUser user = Logins.attempt(s, text(body, "username"), text(body, "password"), ctx.ip());
      SessionStore.Issued issued = s.sessions().issue(user.username(), SessionStore.Kind.API_TOKEN, s.config().tokenTtl());
      ctx.status(201);
      json(ctx, Map.of("token", issued.token(), "token_type", "Bearer", "expires_in", issued.validFor().toSeconds(),
          "role", user.role().id()));
    });
    r.get("/api/v1/me", ctx -> {
      Principal p = Requests.require(ctx, null);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("username", p.username());
      m.put("role", p.role().id());
      if (p.policeZone() != null) m.put("police_zone", p.policeZone());
      json(ctx, m);
    });

    r.get("/api/v1/violations", ctx -> {
      Principal p = Requests.require(ctx, Permission.VIEW_QUEUE);
      QueueFilter f = scoped(QueueFilter.parse(ctx::queryParam), p);
      QueuePage page = s.violations().queue(f);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("items", page.rows());
      m.put("next_cursor", page.next() == null ? null : page.next().encode());
      json(ctx, m);
    });
    r.get("/api/v1/violations/{id}", ctx -> {
      Principal p = Requests.require(ctx, Permission.VIEW_VIOLATION);
      Violation v = visible(s, p, ctx.pathParam("id"));
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("violation", v);
      m.put("review_detail", v.reviewDetail());
      m.put("camera", s.cameras().byId(v.cameraId()).orElse(null));
      m.put("reads", s.reads().of(v));
      m.put("events", s.events().of(v.violationId()));
      m.put("history", s.violations().history(v.vehicleKey(), v.violationId()));
      m.put("image_available", v.imageSha256() != null && s.images().find(v.imageSha256()).isPresent());
      m.put("evidence_alarms", s.alarms().of(v.violationId()));
      json(ctx, m);
    });
    r.get("/api/v1/violations/{id}/events", ctx -> {
      Principal p = Requests.require(ctx, Permission.VIEW_VIOLATION);
      Violation v = visible(s, p, ctx.pathParam("id"));
      json(ctx, Map.of("items", s.events().of(v.violationId())));
    });
    r.get("/api/v1/violations/{id}/image", ctx -> {
      Principal p = Requests.require(ctx, Permission.VIEW_VIOLATION);
      Violation v = visible(s, p, ctx.pathParam("id"));
      var img = s.images().find(v.imageSha256()).orElseThrow(() -> new ApiError(404, "no_image", "no verified evidence image for this violation"));
      ctx.header("X-Image-SHA256", img.sha256());
      ctx.contentType(img.contentType()).result(img.bytes());
    });
    r.post("/api/v1/violations/{id}/decision", ctx -> {
      Principal caller = Requests.require(ctx, null);
      if (!caller.may(Permission.DECIDE) && !caller.may(Permission.REOPEN)) throw ApiError.forbidden();
      JsonNode body = body(ctx);
      String actionText = text(body, "action");
      DecisionRules.Action action = DecisionRules.Action.parse(actionText)
          .orElseThrow(() -> new BadRequest("action: one of approve, reject, reopen"));
      Principal p = Requests.require(ctx, action == DecisionRules.Action.REOPEN ? Permission.REOPEN : Permission.DECIDE);
      Integer version = null;
      if (body.has("version") && !body.get("version").isNull()) {
        if (!body.get("version").canConvertToInt() || !body.get("version").isIntegralNumber()) throw new BadRequest("version: an integer");
        version = body.get("version").intValue();
      }
      String note = body.hasNonNull("note") ? body.get("note").asText() : null;
      Violation after = s.decisions().decide(p, ctx.pathParam("id"), action, text(body, "reason_code"), note, version);
      json(ctx, Map.of("violation", after, "events", s.events().of(after.violationId())));
    });
    r.get("/api/v1/violations/{id}/letter", ctx -> {
      Principal p = Requests.require(ctx, Permission.LETTERS);
      Violation v = visible(s, p, ctx.pathParam("id"));
      ctx.html(Letters.render(s, v, Letters.language(ctx.queryParam("lang"))));
    });
    r.get("/api/v1/violations/{id}/evidence-package", ctx -> {
      EvidencePackages.Signed signed = signedPackage(s, ctx);
      ctx.header("Content-Disposition", "attachment; filename=\"evidence-" + safe(ctx.pathParam("id")) + ".json\"");
      ctx.contentType("application/json").result(signed.json());
    });
    r.get("/api/v1/violations/{id}/evidence-package.sig", ctx -> {
      EvidencePackages.Signed signed = signedPackage(s, ctx);
      ctx.header("Content-Disposition", "attachment; filename=\"evidence-" + safe(ctx.pathParam("id")) + ".json.sig\"");
      ctx.contentType("text/plain").result(signed.signatureBase64() + "\n");
    });
    r.get("/api/v1/signing-key", ctx -> json(ctx, Map.of("algorithm", "Ed25519", "key_id", s.packages().key().keyId(),
        "public_key_spki", s.packages().key().publicKeySpkiBase64())));

    r.post("/api/v1/exports", ctx -> {
      Principal p = Requests.require(ctx, Permission.EXPORT_FINES);
      Exports.Batch batch = s.exports().export(p.username());
      ctx.status(201);
      csv(ctx, batch);
    });
    r.get("/api/v1/exports", ctx -> {
      Requests.require(ctx, Permission.VIEW_EXPORTS);
      json(ctx, Map.of("items", s.exports().batches()));
    });
    r.get("/api/v1/exports/{batch}", ctx -> {
      Requests.require(ctx, Permission.VIEW_EXPORTS);
      long id;
      try {
        id = Long.parseLong(ctx.pathParam("batch"));
      } catch (NumberFormatException e) {
        throw new BadRequest("batch: a batch number");
      }
      csv(ctx, s.exports().batch(id).orElseThrow(ApiError::notFound));
    });

    r.get("/api/v1/stats", ctx -> {
      Requests.require(ctx, Permission.VIEW_CHARTS);
      json(ctx, s.violations().stats());
    });
    r.get("/api/v1/cameras", ctx -> {
      Principal p = Requests.require(ctx, Permission.VIEW_CHARTS);
      json(ctx, Map.of("items", s.cameras().all()));
    });
  }

  /** A police caller sees its police zone only. */
  static QueueFilter scoped(QueueFilter f, Principal p) {
    return p.role() == Role.POLICE ? f.withPoliceZone(p.policeZone()) : f;
  }

  /** The violation when the caller may see it; 404 alike for a missing one and one outside the caller's scope. */
  static Violation visible(Services s, Principal p, String id) {
    if (id == null || id.length() > 200) throw ApiError.notFound();
    Violation v = s.violations().byId(id).orElseThrow(ApiError::notFound);
    if (p.role() == Role.POLICE && !p.policeZone().equals(v.policeZone())) throw ApiError.notFound();
    return v;
  }

  private static EvidencePackages.Signed signedPackage(Services s, Context ctx) {
    Principal p = Requests.require(ctx, Permission.EVIDENCE_PACKAGE);
    Violation v = visible(s, p, ctx.pathParam("id"));
    if (!"APPROVED".equals(v.status())) throw ApiError.conflict("not_approved", "an evidence package exists for an approved violation only");
    return s.packages().build(v);
  }

  private static void csv(Context ctx, Exports.Batch batch) {
    ctx.header("X-Export-Batch", Long.toString(batch.batchId()));
    ctx.header("X-Export-Count", Integer.toString(batch.fines().size()));
    ctx.header("Content-Disposition", "attachment; filename=\"fines-batch-" + batch.batchId() + ".csv\"");
    ctx.contentType("text/csv; charset=utf-8").result(Exports.csv(batch));
  }


  static String safe(String id) {
    return id.replaceAll("[^A-Za-z0-9_.-]", "_");
  }

  static byte[] resource(String path) throws IOException {
    try (InputStream in = ApiRoutes.class.getResourceAsStream(path)) {
      if (in == null) throw new IllegalStateException("missing resource " + path);
      return in.readAllBytes();
    }
  }

  static String resourceText(String path) throws IOException {
    return new String(resource(path), StandardCharsets.UTF_8);
  }

  static List<String> reasonCodes(DecisionRules.Action a) {
    return a.reasonCodes();
  }
}
