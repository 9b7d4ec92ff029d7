package io.lezflow.portal.review;

import io.lezflow.portal.auth.Permission;
import io.lezflow.portal.auth.Role;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which decision may move a violation from which state, and with which reason codes. Plain
 * Java: the state machine is tested with a table of cases, the store only applies its answer.
 *
 * <pre>
 *   PENDING_REVIEW --approve--> APPROVED      (operator, supervisor)
 *   PENDING_REVIEW --reject---> REJECTED      (operator, supervisor)
 *   APPROVED/REJECTED --reopen--> PENDING_REVIEW  (supervisor; never once exported)
 * </pre>
 */
public final class DecisionRules {
  private DecisionRules() {}

  public enum Action {
    APPROVE("APPROVED", List.of("EVIDENCE_CLEAR", "CONFIRMED_AFTER_CHECK")),
    REJECT("REJECTED", List.of("PLATE_MISREAD", "IMAGE_UNUSABLE", "PERMIT_OR_EXEMPTION", "VEHICLE_DATA_WRONG", "OTHER")),
    REOPEN("PENDING_REVIEW", List.of("NEW_INFORMATION", "DECIDED_IN_ERROR"));

    private final String to;
    private final List<String> reasonCodes;

    Action(String to, List<String> reasonCodes) {
      this.to = to;
      this.reasonCodes = reasonCodes;
    }

    public String to() {
      return to;
    }

    public List<String> reasonCodes() {
      return reasonCodes;
    }

    public String event() {
      return switch (this) {
        case APPROVE -> "APPROVED";
        case REJECT -> "REJECTED";
        case REOPEN -> "REOPENED";
      };
    }

    public static Optional<Action> parse(String s) {
      if (s == null) return Optional.empty();
      String t = s.trim().toUpperCase(Locale.ROOT);
      return Arrays.stream(values()).filter(a -> a.name().equals(t)).findFirst();
    }
  }

  /** The answer: allowed with its target status, or refused with an HTTP status and a reason code. */
  public record Verdict(boolean allowed, String to, int httpStatus, String code, String message) {
    static Verdict allow(String to) {
      return new Verdict(true, to, 200, null, null);
    }

    static Verdict refuse(int status, String code, String message) {
      return new Verdict(false, null, status, code, message);
    }
  }

  /** May {@code role} apply {@code action} to a violation now in {@code status}? */
  public static Verdict judge(Role role, Action action, String status, boolean exported) {
    Permission needed = action == Action.REOPEN ? Permission.REOPEN : Permission.DECIDE;
    if (!needed.allows(role)) return Verdict.refuse(403, "forbidden", "your role may not do this");
    return switch (action) {
      case APPROVE, REJECT -> "PENDING_REVIEW".equals(status)
          ? Verdict.allow(action.to())
          : Verdict.refuse(409, "already_decided", "the violation is " + status + ", not PENDING_REVIEW: it cannot be decided (again)");
      case REOPEN -> {
        if (!"APPROVED".equals(status) && !"REJECTED".equals(status)) {
          yield Verdict.refuse(409, "not_decided", "only an APPROVED or REJECTED violation can be reopened; it is " + status);
        }
        if (exported) yield Verdict.refuse(409, "already_exported", "the fine was exported to the tax office: it cannot be reopened here");
        yield Verdict.allow(action.to());
      }
    };
  }

  /** Empty when the reason code is one of the action's, else the message for a 400. */
  public static Optional<String> badReason(Action action, String reasonCode) {
    if (reasonCode != null && action.reasonCodes().contains(reasonCode)) return Optional.empty();
    return Optional.of("reason_code: one of " + action.reasonCodes() + " for " + action.name().toLowerCase(Locale.ROOT));
  }
}
