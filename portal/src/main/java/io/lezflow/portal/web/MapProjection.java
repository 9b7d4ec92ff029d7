package io.lezflow.portal.web;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Where points are drawn on the portal's offline SVG maps: an equirectangular projection with the
 * longitude squeezed by cos(latitude), fine at a city's scale, fitted into {@code width x height}
 * with a margin of {@code pad}.
 */
public record MapProjection(double minLat, double minLon, double kx, double scale, double pad, int height) {
  public static <T> MapProjection fit(List<T> points, ToDoubleFunction<T> latitude, ToDoubleFunction<T> longitude, int width,
      int height, double pad) {
    double minLat = points.stream().mapToDouble(latitude).min().orElse(0);
    double maxLat = points.stream().mapToDouble(latitude).max().orElse(0);
    double minLon = points.stream().mapToDouble(longitude).min().orElse(0);
    double maxLon = points.stream().mapToDouble(longitude).max().orElse(0);
    double kx = Math.cos(Math.toRadians((minLat + maxLat) / 2));
    double spanX = Math.max((maxLon - minLon) * kx, 1e-6);
    double spanY = Math.max(maxLat - minLat, 1e-6);
    double scale = Math.min((width - 2 * pad) / spanX, (height - 2 * pad) / spanY);
    return new MapProjection(minLat, minLon, kx, scale, pad, height);
  }

  public double x(double lon) {
    return pad + (lon - minLon) * kx * scale;
  }

  public double y(double lat) {
    return height - pad - (lat - minLat) * scale;
  }
}
