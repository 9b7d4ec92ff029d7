package io.lezflow.schemas;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A camera network as a data file: one camera per line of a CSV with the header {@link #HEADER}
 * ({@code #} lines are comments). The shipped file {@link #BRUSSELS_RESOURCE} is the simulated
 * Brussels network: 330 cameras over the region's six police zones, the same cameras, police zones
 * and positions as the simulator's default fleet (a device-sim test keeps the two equal).
 *
 * <p>Invariants of a parsed network: camera ids valid ({@link CameraIds}) and unique; coordinates
 * are numbers inside [-90, 90] x [-180, 180]; direction INBOUND or OUTBOUND. A bad line is refused
 * with its line number and what is wrong, never skipped.
 */
public final class CameraNetwork {
  private CameraNetwork() {}

  public static final String HEADER = "camera_id,police_zone,police_zone_name,lez_zone,latitude,longitude,direction,street";
  public static final String BRUSSELS_RESOURCE = "/cameras/brussels-cameras.csv";

  /** One camera of the network. */
  public record Site(
      String cameraId,
      String policeZone,
      String policeZoneName,
      String lezZone,
      double latitude,
      double longitude,
      String direction,
      String street) {

    /** One CSV line of this site (no quoting needed: fields hold no comma, see {@link #parse}). */
    public String toCsv() {
      return String.join(",", cameraId, policeZone, policeZoneName, lezZone, Double.toString(latitude),
          Double.toString(longitude), direction, street);
    }
  }

  /** The shipped simulated Brussels network. */
  public static List<Site> brussels() {
    try (InputStream in = CameraNetwork.class.getResourceAsStream(BRUSSELS_RESOURCE)) {
      if (in == null) throw new IllegalStateException(BRUSSELS_RESOURCE + " is missing from the classpath");
      return parse(new InputStreamReader(in, StandardCharsets.UTF_8), BRUSSELS_RESOURCE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Parses a network file.
   *
   * @param source named in errors (a path or resource name)
   * @throws IllegalArgumentException naming the line and the problem
   */
  public static List<Site> parse(Reader csv, String source) throws IOException {
    BufferedReader lines = new BufferedReader(csv);
    List<Site> sites = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    boolean headerSeen = false;
    int lineNumber = 0;
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      lineNumber++;
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) continue;
      if (!headerSeen) {
        if (!trimmed.equals(HEADER)) throw bad(source, lineNumber, "the header must be '" + HEADER + "'");
        headerSeen = true;
        continue;
      }
      String[] f = trimmed.split(",", -1);
      if (f.length != 8) throw bad(source, lineNumber, "expected 8 fields, found " + f.length);
      String id = f[0].strip();
      if (!CameraIds.isValid(id)) throw bad(source, lineNumber, "invalid camera id '" + id + "'");
      if (!ids.add(id)) throw bad(source, lineNumber, "camera " + id + " is listed twice");
      if (f[1].isBlank()) throw bad(source, lineNumber, "police_zone is empty");
      if (f[3].isBlank()) throw bad(source, lineNumber, "lez_zone is empty");
      double lat = number(f[4], -90, 90, "latitude", source, lineNumber);
      double lon = number(f[5], -180, 180, "longitude", source, lineNumber);
      String direction = f[6].strip();
      if (!direction.equals("INBOUND") && !direction.equals("OUTBOUND")) {
        throw bad(source, lineNumber, "direction must be INBOUND or OUTBOUND, was '" + direction + "'");
      }
      sites.add(new Site(id, f[1].strip(), f[2].strip(), f[3].strip(), lat, lon, direction, f[7].strip()));
    }
    if (!headerSeen) throw bad(source, lineNumber, "no header line '" + HEADER + "'");
    return List.copyOf(sites);
  }

  private static double number(String text, double min, double max, String field, String source, int line) {
    try {
      double v = Double.parseDouble(text.strip());
      if (v >= min && v <= max) return v;
    } catch (NumberFormatException notANumber) {
      // reported below
    }
    throw bad(source, line, field + " must be a number in [" + min + ", " + max + "], was '" + text + "'");
  }

  private static IllegalArgumentException bad(String source, int line, String why) {
    return new IllegalArgumentException("camera network " + source + " line " + line + ": " + why);
  }
}
