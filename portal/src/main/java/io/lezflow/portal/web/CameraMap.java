package io.lezflow.portal.web;

import static io.lezflow.portal.web.Html.esc;

import io.lezflow.portal.review.Camera;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Cameras as an inline SVG from their coordinates: no tile server, works offline. */
public final class CameraMap {
  private CameraMap() {}

  public static String svg(List<Camera> cameras, Set<String> highlighted, int width, int height) {
    List<Camera> located = cameras.stream().filter(c -> c.latitude() != 0 || c.longitude() != 0).toList();
    StringBuilder sb = new StringBuilder();
    sb.append("<svg class=\"map\" role=\"img\" aria-label=\"camera map\" viewBox=\"0 0 ").append(width).append(' ').append(height)
        .append("\" preserveAspectRatio=\"xMidYMid meet\" xmlns=\"http://www.w3.org/2000/svg\">")
        .append("<rect x=\"0\" y=\"0\" width=\"").append(width).append("\" height=\"").append(height).append("\" class=\"map-bg\"/>");
    if (located.isEmpty()) {
      return sb.append("<text x=\"10\" y=\"20\">no camera coordinates</text></svg>").toString();
    }
    MapProjection p = MapProjection.fit(located, Camera::latitude, Camera::longitude, width, height, 12);
    for (boolean top : new boolean[] {false, true}) {
      for (Camera c : located) {
        boolean hit = highlighted.contains(c.cameraId());
        if (hit != top) continue;
        double x = p.x(c.longitude());
        double y = p.y(c.latitude());
        sb.append("<circle cx=\"").append(String.format(Locale.ROOT, "%.1f", x)).append("\" cy=\"")
            .append(String.format(Locale.ROOT, "%.1f", y)).append("\" r=\"").append(hit ? 6 : 3).append("\" class=\"")
            .append(hit ? "cam cam-hit" : "cam").append("\"><title>").append(esc(c.cameraId()))
            .append(c.name() == null ? "" : " " + esc(c.name())).append("</title></circle>");
      }
    }
    return sb.append("</svg>").toString();
  }
}
