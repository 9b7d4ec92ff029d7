package io.lezflow.portal.review;

import static org.assertj.core.api.Assertions.assertThat;

import io.lezflow.portal.auth.Role;
import io.lezflow.portal.review.DecisionRules.Action;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DecisionRulesTest {
  static Stream<Arguments> cases() {
    return Stream.of(
        // role, action, status, exported -> http status, target or refusal code
        Arguments.of(Role.OPERATOR, Action.APPROVE, "PENDING_REVIEW", false, 200, "APPROVED"),
        Arguments.of(Role.OPERATOR, Action.REJECT, "PENDING_REVIEW", false, 200, "REJECTED"),
        Arguments.of(Role.SUPERVISOR, Action.APPROVE, "PENDING_REVIEW", false, 200, "APPROVED"),
        Arguments.of(Role.OPERATOR, Action.APPROVE, "APPROVED", false, 409, "already_decided"),
        Arguments.of(Role.OPERATOR, Action.REJECT, "APPROVED", false, 409, "already_decided"),
        Arguments.of(Role.OPERATOR, Action.APPROVE, "AWAITING_GRACE", false, 409, "already_decided"),
        Arguments.of(Role.OPERATOR, Action.APPROVE, "DROPPED", false, 409, "already_decided"),
        Arguments.of(Role.OPERATOR, Action.REOPEN, "APPROVED", false, 403, "forbidden"),
        Arguments.of(Role.SUPERVISOR, Action.REOPEN, "APPROVED", false, 200, "PENDING_REVIEW"),
        Arguments.of(Role.SUPERVISOR, Action.REOPEN, "REJECTED", false, 200, "PENDING_REVIEW"),
        Arguments.of(Role.SUPERVISOR, Action.REOPEN, "PENDING_REVIEW", false, 409, "not_decided"),
        Arguments.of(Role.SUPERVISOR, Action.REOPEN, "DROPPED", false, 409, "not_decided"),
        Arguments.of(Role.SUPERVISOR, Action.REOPEN, "APPROVED", true, 409, "already_exported"),
        Arguments.of(Role.AUDITOR, Action.APPROVE, "PENDING_REVIEW", false, 403, "forbidden"),
        Arguments.of(Role.ENGINEER, Action.REJECT, "PENDING_REVIEW", false, 403, "forbidden"),
        Arguments.of(Role.POLICE, Action.APPROVE, "PENDING_REVIEW", false, 403, "forbidden"),
        Arguments.of(Role.AUDITOR, Action.REOPEN, "APPROVED", false, 403, "forbidden"));
  }

  @ParameterizedTest(name = "{0} {1} on {2} (exported {3}) -> {4} {5}")
  @MethodSource("cases")
  void judge(Role role, Action action, String status, boolean exported, int http, String outcome) {
    DecisionRules.Verdict v = DecisionRules.judge(role, action, status, exported);
    assertThat(v.httpStatus()).isEqualTo(http);
    assertThat(v.allowed() ? v.to() : v.code()).isEqualTo(outcome);
  }

  @ParameterizedTest(name = "{0} with {1} -> ok {2}")
  @MethodSource("reasons")
  void reasonCodes(Action action, String code, boolean ok) {
    assertThat(DecisionRules.badReason(action, code).isEmpty()).isEqualTo(ok);
  }

  static Stream<Arguments> reasons() {
    return Stream.of(
        Arguments.of(Action.APPROVE, "EVIDENCE_CLEAR", true),
        Arguments.of(Action.APPROVE, "PLATE_MISREAD", false),
        Arguments.of(Action.REJECT, "PLATE_MISREAD", true),
        Arguments.of(Action.REJECT, null, false),
        Arguments.of(Action.REOPEN, "NEW_INFORMATION", true),
        Arguments.of(Action.REOPEN, "evidence_clear", false));
  }
}
