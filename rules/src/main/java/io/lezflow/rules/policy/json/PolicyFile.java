package io.lezflow.rules.policy.json;

import io.lezflow.rules.policy.PolicyTimeline;
import io.lezflow.rules.policy.ZonePolicy;
import java.util.List;

/**
 * A parsed and validated policy file: one zone's versions, in file order, with the file's notes
 * (where the rules come from, what is uncertain).
 *
 * @param origin where it was read from (file name or resource), used in messages
 */
public record PolicyFile(String origin, String zoneId, String name, List<String> notes, List<ZonePolicy> versions) {

  public PolicyFile {
    notes = List.copyOf(notes);
    versions = List.copyOf(versions);
  }

  public PolicyTimeline timeline() {
    return PolicyTimeline.of(versions);
  }
}
