package io.lezflow.rules.policy.json;

import java.util.List;

/**
 * A policy document that cannot be used, with every problem found, each naming the document and
 * the field: {@code "brussels.json: versions[0].banSteps[2].bannedFrom: missing"}.
 */
public final class PolicyValidationException extends Exception {
  private final transient List<String> problems;

  public PolicyValidationException(List<String> problems) {
    super(problems.size() == 1
        ? problems.get(0)
        : problems.size() + " problems:\n  " + String.join("\n  ", problems));
    this.problems = List.copyOf(problems);
  }

  /** Each problem as {@code "<origin>: <field path>: <what is wrong>"}. */
  public List<String> problems() {
    return problems;
  }
}
