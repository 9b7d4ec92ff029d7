package io.lezflow.portal.police;

import io.lezflow.portal.web.MapProjection;
import static io.lezflow.portal.web.Html.esc;

import io.lezflow.police.cameras.CameraDirectory.CameraView;
import io.lezflow.police.search.MatchKind;
import io.lezflow.police.search.Passage;
import io.lezflow.police.search.SightingHit;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The police results drawn as inline SVG, no tiles and no internet: the zone's cameras from their
 * coordinates (the zone's outline is the hull of its cameras), the cameras a search hit in red
 * with the passages' routes, and a timeline of the passages.
 */
final class PoliceViews {
  private PoliceViews() {}

  /** Colours of the passages, in order (the map's routes and the timeline's rows share them). */
  static final String[] PALETTE = {"#d62d20", "#0b5cad", "#1d7a3a", "#b8590b", "#7a2d9c", "#0f7f86"};

  static String colour(int i) {
    return PALETTE[i % PALETTE.length];
  }

  /**
   * The zone's cameras; {@code hits} in red, numbered; each passage's route as a line through its
   * cameras in order; {@code alerting} cameras ringed. Every camera is a {@code circle} with
   * {@code data-camera}, so pages and tests can find it.
   */
  static String map(List<CameraView> cameras, Set<String> hits, List<Passage> passages, Set<String> alerting, int width, int height) {
    // Names only while they fit: a zone of the simulated network has up to ~80 cameras.
    boolean labels = cameras.size() <= 40;
    List<CameraView> located = cameras.stream().filter(c -> c.latitude() != 0 || c.longitude() != 0).toList();
    StringBuilder sb = new StringBuilder();
    sb.append("<svg class=\"map police-map\" id=\"police-map\" role=\"img\" aria-label=\"cameras of the zone\" viewBox=\"0 0 ")
        .append(width).append(' ').append(height).append("\" preserveAspectRatio=\"xMidYMid meet\" xmlns=\"http://www.w3.org/2000/svg\">")
        .append("<rect x=\"0\" y=\"0\" width=\"").append(width).append("\" height=\"").append(height).append("\" class=\"map-bg\"/>");
    if (located.isEmpty()) return sb.append("<text x=\"12\" y=\"24\">no camera of the zone has coordinates</text></svg>").toString();
    MapProjection p = MapProjection.fit(located, CameraView::latitude, CameraView::longitude, width, height, 28);
    // The zone: the hull of its cameras, a little larger, so the cameras sit inside an area.
    List<double[]> hull = hull(located.stream().map(c -> new double[] {p.x(c.longitude()), p.y(c.latitude())}).toList());
    if (hull.size() >= 3) {
      double cx = hull.stream().mapToDouble(h -> h[0]).average().orElse(0);
      double cy = hull.stream().mapToDouble(h -> h[1]).average().orElse(0);
      sb.append("<polygon class=\"zone-area\" points=\"");
      for (double[] h : hull) {
        double dx = h[0] - cx;
        double dy = h[1] - cy;
        double len = Math.max(Math.hypot(dx, dy), 1e-6);
        sb.append(f(h[0] + dx / len * 16)).append(',').append(f(h[1] + dy / len * 16)).append(' ');
      }
      sb.append("\"/>");
    }
    Map<String, CameraView> byId = new LinkedHashMap<>();
    for (CameraView c : located) byId.put(c.cameraId(), c);
    for (int i = 0; i < passages.size(); i++) {
      List<String> seq = passages.get(i).cameraSequence();
      if (seq.size() < 2) continue;
      sb.append("<polyline class=\"route\" stroke=\"").append(colour(i)).append("\" points=\"");
      for (String id : seq) {
        CameraView c = byId.get(id);
        if (c != null) sb.append(f(p.x(c.longitude()))).append(',').append(f(p.y(c.latitude()))).append(' ');
      }
      sb.append("\"><title>").append(esc(passages.get(i).vehicle())).append(": ").append(esc(String.join(" → ", seq)))
          .append("</title></polyline>");
    }
    for (boolean top : new boolean[] {false, true}) {
      for (CameraView c : located) {
        boolean hit = hits.contains(c.cameraId());
        if (hit != top) continue;
        double x = p.x(c.longitude());
        double y = p.y(c.latitude());
        String state = c.state() == null ? "UNKNOWN" : c.state();
        sb.append("<circle cx=\"").append(f(x)).append("\" cy=\"").append(f(y)).append("\" r=\"").append(hit ? 8 : 5)
            .append("\" class=\"cam").append(hit ? " cam-hit" : "").append(alerting.contains(c.cameraId()) ? " cam-alert" : "")
            .append(" state-").append(esc(state.toLowerCase(Locale.ROOT))).append("\" data-camera=\"").append(esc(c.cameraId()))
            .append("\"><title>").append(esc(c.cameraId())).append(" · ").append(esc(c.street())).append(" · ")
            .append(esc(c.direction())).append(" · ").append(esc(state)).append("</title></circle>");
        if (labels || hit) {
          sb.append("<text class=\"cam-label").append(hit ? " hit" : "").append("\" x=\"").append(f(x + 11)).append("\" y=\"").append(f(y + 4)).append("\">")
              .append(esc(c.cameraId())).append("</text>");
        }
      }
    }
    // A scale bar: 1 km at this latitude.
    double km = 1.0 / 111.32 * p.scale();
    if (km > 10 && km < width / 2.0) {
      sb.append("<g class=\"scale\"><line x1=\"12\" y1=\"").append(height - 12).append("\" x2=\"").append(f(12 + km)).append("\" y2=\"")
          .append(height - 12).append("\"/><text x=\"12\" y=\"").append(height - 16).append("\">1 km</text></g>");
    }
    sb.append("<text class=\"north\" x=\"").append(width - 18).append("\" y=\"20\">N ↑</text>");
    return sb.append("</svg>").toString();
  }

  /**
   * The passages on a time axis: one row per passage (its colour), a bar from first to last seen and
   * a dot per sighting ({@code circle.tl-hit} with {@code data-camera} and {@code data-read}).
   */
  static String timeline(List<Passage> passages, ZoneId zone, int width) {
    if (passages.isEmpty()) return "";
    int rowHeight = 34;
    int left = 240;
    int right = 24;
    int top = 28;
    int height = top + rowHeight * passages.size() + 30;
    Instant first = passages.stream().map(Passage::firstSeen).min(Comparator.naturalOrder()).orElseThrow();
    Instant last = passages.stream().map(Passage::lastSeen).max(Comparator.naturalOrder()).orElseThrow();
    long span = Math.max(Duration.between(first, last).toMillis(), 60_000);
    Instant t0 = first.minusMillis(span / 20);
    Instant t1 = last.plusMillis(span / 20);
    double ms = Duration.between(t0, t1).toMillis();
    double plotWidth = width - left - right;
    long hours = Duration.between(t0, t1).toHours();
    DateTimeFormatter fmt = DateTimeFormatter.ofPattern(hours >= 24 ? "d MMM HH:mm" : hours >= 1 ? "HH:mm" : "HH:mm:ss", Locale.ENGLISH)
        .withZone(zone);
    DateTimeFormatter exact = DateTimeFormatter.ofPattern("d MMM HH:mm:ss", Locale.ENGLISH).withZone(zone);
    DateTimeFormatter label = DateTimeFormatter.ofPattern("d MMM HH:mm", Locale.ENGLISH).withZone(zone);
    StringBuilder sb = new StringBuilder();
    sb.append("<svg class=\"timeline\" id=\"timeline\" role=\"img\" aria-label=\"timeline of the passages\" viewBox=\"0 0 ").append(width)
        .append(' ').append(height).append("\" xmlns=\"http://www.w3.org/2000/svg\">");
    int ticks = 6;
    for (int i = 0; i <= ticks; i++) {
      double x = left + plotWidth * i / ticks;
      Instant t = t0.plusMillis((long) (ms * i / ticks));
      sb.append("<line class=\"tick\" x1=\"").append(f(x)).append("\" y1=\"").append(top - 8).append("\" x2=\"").append(f(x)).append("\" y2=\"")
          .append(height - 24).append("\"/><text class=\"tick-label\" x=\"").append(f(x)).append("\" y=\"").append(height - 8)
          .append("\" text-anchor=\"middle\">").append(esc(fmt.format(t))).append("</text>");
    }
    for (int i = 0; i < passages.size(); i++) {
      Passage p = passages.get(i);
      double y = top + rowHeight * i + rowHeight / 2.0;
      String colour = colour(i);
      sb.append("<g class=\"tl-row\" data-passage=\"").append(i).append("\">")
          .append("<text class=\"tl-label\" x=\"8\" y=\"").append(f(y + 4)).append("\">").append(esc(p.vehicle()))
          .append(p.match() == MatchKind.OCR_FOLDED ? " (OCR)" : "").append(" · ").append(esc(label.format(p.firstSeen()))).append("</text>");
      double x1 = left + plotWidth * Duration.between(t0, p.firstSeen()).toMillis() / ms;
      double x2 = left + plotWidth * Duration.between(t0, p.lastSeen()).toMillis() / ms;
      sb.append("<line class=\"tl-bar\" stroke=\"").append(colour).append("\" x1=\"").append(f(x1)).append("\" y1=\"").append(f(y))
          .append("\" x2=\"").append(f(Math.max(x2, x1 + 1))).append("\" y2=\"").append(f(y)).append("\"/>");
      for (SightingHit h : p.sightings()) {
        double x = left + plotWidth * Duration.between(t0, h.capturedAt()).toMillis() / ms;
        sb.append("<circle class=\"tl-hit\" fill=\"").append(colour).append("\" cx=\"").append(f(x)).append("\" cy=\"").append(f(y))
            .append("\" r=\"5\" data-camera=\"").append(esc(h.cameraId())).append("\" data-read=\"").append(esc(h.readId()))
            .append("\"><title>").append(esc(exact.format(h.capturedAt()))).append(" · ").append(esc(h.cameraId())).append(" · ")
            .append(esc(h.street())).append("</title></circle>");
      }
      sb.append("</g>");
    }
    return sb.append("</svg>").toString();
  }

  /** What the map's colours mean, under the map. */
  static String legend(boolean withHits, boolean withAlerts) {
    StringBuilder b = new StringBuilder("<p class=\"map-legend\">");
    if (withHits) b.append("<span><i class=\"dot hit\"></i>seen there</span>");
    if (withAlerts) b.append("<span><i class=\"dot alert\"></i>alert in the last hour</span>");
    b.append("<span><i class=\"dot online\"></i>camera online</span><span><i class=\"dot degraded\"></i>degraded</span>")
        .append("<span><i class=\"dot offline\"></i>offline</span><span><i class=\"dot unknown\"></i>no heartbeat yet</span>");
    return b.append("</p>").toString();
  }

  /** The convex hull (Andrew's monotone chain), counter-clockwise. */
  static List<double[]> hull(List<double[]> points) {
    List<double[]> pts = new ArrayList<>(points);
    pts.sort(Comparator.<double[]>comparingDouble(a -> a[0]).thenComparingDouble(a -> a[1]));
    if (pts.size() < 3) return pts;
    double[][] h = new double[2 * pts.size()][];
    int k = 0;
    for (double[] pt : pts) {
      while (k >= 2 && cross(h[k - 2], h[k - 1], pt) <= 0) k--;
      h[k++] = pt;
    }
    for (int i = pts.size() - 2, t = k + 1; i >= 0; i--) {
      double[] pt = pts.get(i);
      while (k >= t && cross(h[k - 2], h[k - 1], pt) <= 0) k--;
      h[k++] = pt;
    }
    List<double[]> out = new ArrayList<>();
    for (int i = 0; i < k - 1; i++) out.add(h[i]);
    return out;
  }

  private static double cross(double[] o, double[] a, double[] b) {
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  }

  private static String f(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
