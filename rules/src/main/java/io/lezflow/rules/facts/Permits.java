package io.lezflow.rules.facts;

import io.lezflow.rules.policy.ZonePolicy;
import io.lezflow.schemas.v1.Permit;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The permits one vehicle holds in one zone, whatever their state (the rules decide whether each
 * is honoured: bought in time, within the yearly limit, valid at the read).
 *
 * <p>Immutable; day passes are kept sorted by day then purchase time, because the yearly limit
 * honours the earliest days of a year first.
 */
public record Permits(
    List<DayPass> dayPasses,
    List<IndividualExemption> exemptions,
    List<ForeignRegistration> foreignRegistrations,
    List<ChargePayment> chargePayments) {

  private static final Permits NONE = new Permits(List.of(), List.of(), List.of(), List.of());

  /** A day pass for the zone's calendar day {@code day}, bought at {@code issuedAt}. */
  public record DayPass(String permitId, LocalDate day, Instant issuedAt) {
    public DayPass {
      Objects.requireNonNull(permitId, "permitId");
      Objects.requireNonNull(day, "day");
      Objects.requireNonNull(issuedAt, "issuedAt");
    }
  }

  /** A documented individual exemption, valid in [validFrom, validUntil); null validUntil = open-ended. */
  public record IndividualExemption(String permitId, Instant validFrom, Instant validUntil, String reason) {
    public IndividualExemption {
      Objects.requireNonNull(permitId, "permitId");
      Objects.requireNonNull(validFrom, "validFrom");
      reason = reason == null ? "" : reason;
    }

    public boolean covers(Instant instant) {
      return !instant.isBefore(validFrom) && (validUntil == null || instant.isBefore(validUntil));
    }
  }

  /**
   * A foreign vehicle's registration with the zone, valid from {@code validFrom} until {@code
   * validUntil} (null: the policy's validity after validFrom), made at {@code issuedAt}.
   */
  public record ForeignRegistration(String permitId, Instant validFrom, Instant validUntil, Instant issuedAt) {
    public ForeignRegistration {
      Objects.requireNonNull(permitId, "permitId");
      Objects.requireNonNull(validFrom, "validFrom");
      Objects.requireNonNull(issuedAt, "issuedAt");
    }
  }

  /** A daily charge paid for the zone's calendar day {@code day}, at {@code paidAt}. */
  public record ChargePayment(String permitId, LocalDate day, Instant paidAt) {
    public ChargePayment {
      Objects.requireNonNull(permitId, "permitId");
      Objects.requireNonNull(day, "day");
      Objects.requireNonNull(paidAt, "paidAt");
    }
  }

  public Permits {
    List<DayPass> sorted = new ArrayList<>(dayPasses);
    sorted.sort(Comparator.comparing(DayPass::day).thenComparing(DayPass::issuedAt).thenComparing(DayPass::permitId));
    dayPasses = List.copyOf(sorted);
    exemptions = List.copyOf(exemptions);
    foreignRegistrations = List.copyOf(foreignRegistrations);
    chargePayments = List.copyOf(chargePayments);
  }

  public static Permits none() {
    return NONE;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The permits among {@code permits} that belong to {@code policy}'s zone and are not revoked.
   * Days of day passes and charge payments are the zone-local date of {@code valid_from}; a missing
   * {@code issued_at} (0) is taken as {@code valid_from}; a missing {@code valid_until} (0) is
   * open-ended for exemptions and the policy's validity for foreign registrations.
   */
  public static Permits fromProto(Collection<Permit> permits, ZonePolicy policy) {
    Builder b = builder();
    for (Permit p : permits) {
      if (p.getRevoked() || !policy.zoneId().equals(p.getZoneId())) continue;
      Instant from = Instant.ofEpochMilli(p.getValidFromMs());
      Instant until = p.getValidUntilMs() == 0 ? null : Instant.ofEpochMilli(p.getValidUntilMs());
      Instant issued = p.getIssuedAtMs() == 0 ? from : Instant.ofEpochMilli(p.getIssuedAtMs());
      switch (p.getKind()) {
        case PERMIT_KIND_DAY_PASS -> b.dayPass(p.getPermitId(), policy.enforcementDay(from), issued);
        case PERMIT_KIND_EXEMPTION -> b.exemption(p.getPermitId(), from, until, p.getReason());
        case PERMIT_KIND_FOREIGN_REGISTRATION -> b.foreignRegistration(p.getPermitId(), from, until, issued);
        case PERMIT_KIND_DAILY_CHARGE_PAID -> b.chargePaid(p.getPermitId(), policy.enforcementDay(from), issued);
        default -> {
          // An unknown kind grants nothing: ignoring it can only lead to a violation that a
          // reviewer sees, never to a vehicle let through on a permit nobody understands.
        }
      }
    }
    return b.build();
  }

  /** Collects permits; {@link #build()} gives the immutable set. */
  public static final class Builder {
    private final List<DayPass> dayPasses = new ArrayList<>();
    private final List<IndividualExemption> exemptions = new ArrayList<>();
    private final List<ForeignRegistration> registrations = new ArrayList<>();
    private final List<ChargePayment> payments = new ArrayList<>();

    public Builder dayPass(String permitId, LocalDate day, Instant issuedAt) {
      dayPasses.add(new DayPass(permitId, day, issuedAt));
      return this;
    }

    public Builder exemption(String permitId, Instant validFrom, Instant validUntil, String reason) {
      exemptions.add(new IndividualExemption(permitId, validFrom, validUntil, reason));
      return this;
    }

    public Builder foreignRegistration(String permitId, Instant validFrom, Instant validUntil, Instant issuedAt) {
      registrations.add(new ForeignRegistration(permitId, validFrom, validUntil, issuedAt));
      return this;
    }

    public Builder chargePaid(String permitId, LocalDate day, Instant paidAt) {
      payments.add(new ChargePayment(permitId, day, paidAt));
      return this;
    }

    public Builder addAll(Permits permits) {
      dayPasses.addAll(permits.dayPasses());
      exemptions.addAll(permits.exemptions());
      registrations.addAll(permits.foreignRegistrations());
      payments.addAll(permits.chargePayments());
      return this;
    }

    public Permits build() {
      return new Permits(dayPasses, exemptions, registrations, payments);
    }
  }
}
