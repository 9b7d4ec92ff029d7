package io.lezflow.jobs.records;

/**
 * One decision of the enforcement, typed by its stage: {@link ReadStageDecision} (one per read),
 * {@link FinalStageDecision} (one per candidate violation once its grace window has closed) and
 * {@link ControlStageDecision} (a policy version accepted or rejected). Immutable, with the rules'
 * enums for outcomes and reasons, so a stage can only carry its own fields.
 *
 * <p>{@link #toRecord} gives the one shape every sink of decisions takes (the Flink POJO {@link
 * DecisionRecord}, and from it the JSON lines of {@code lezflow replay}): the mapping to it is here,
 * once per stage.
 */
public sealed interface StageDecision permits ReadStageDecision, FinalStageDecision, ControlStageDecision {

  /** The decision as the sinks' record (a new, independent object). */
  DecisionRecord toRecord();

  static String nameOf(Enum<?> value) {
    return value == null ? null : value.name();
  }

  static String textOf(Object value) {
    return value == null ? null : value.toString();
  }
}
