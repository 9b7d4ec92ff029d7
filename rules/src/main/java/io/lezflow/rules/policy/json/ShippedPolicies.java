package io.lezflow.rules.policy.json;

import io.lezflow.rules.policy.PolicyTimeline;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The example policies shipped in this jar ({@code policies/<zone>.json}): Brussels, Antwerp,
 * Ghent, London ULEZ and Paris. A deployment publishes its own files to the policy topic; these are
 * the defaults for the local stack, replay examples and tests.
 */
public final class ShippedPolicies {
  private ShippedPolicies() {}

  /** The zones shipped, in the order of their files. */
  public static final List<String> ZONES = List.of("brussels", "antwerp", "ghent", "london-ulez", "paris");

  /** The raw text of a shipped policy file. */
  public static String text(String zoneId) {
    String resource = "policies/" + zoneId + ".json";
    try (InputStream in = ShippedPolicies.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) throw new IllegalArgumentException("no shipped policy " + resource + " (shipped: " + ZONES + ")");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A shipped policy file, parsed and validated. */
  public static PolicyFile file(String zoneId) throws PolicyValidationException {
    return ZonePolicyJson.parseFile(zoneId + ".json", text(zoneId));
  }

  /** Every shipped file, parsed and validated (all problems reported together). */
  public static List<PolicyFile> files() throws PolicyValidationException {
    List<PolicyFile> files = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (String zone : ZONES) {
      try {
        files.add(file(zone));
      } catch (PolicyValidationException e) {
        problems.addAll(e.problems());
      }
    }
    if (!problems.isEmpty()) throw new PolicyValidationException(problems);
    return files;
  }

  /** Every shipped zone's timeline, by zone id. */
  public static Map<String, PolicyTimeline> timelines() throws PolicyValidationException {
    Map<String, PolicyTimeline> out = new LinkedHashMap<>();
    for (PolicyFile f : files()) out.put(f.zoneId(), f.timeline());
    return out;
  }
}
