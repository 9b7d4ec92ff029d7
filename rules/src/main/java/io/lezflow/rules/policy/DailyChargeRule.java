package io.lezflow.rules.policy;

/**
 * A charging zone's daily charge (London ULEZ: £12.50 per charging day, midnight to midnight),
 * payable until the end of the {@code paymentDaysAfterTravel}-th day after the day of travel
 * (London: 3). Unpaid by then: the {@code UNPAID_CHARGE} fine of the policy (the penalty charge).
 */
public record DailyChargeRule(long amountCents, int paymentDaysAfterTravel) {
  public DailyChargeRule {
    if (amountCents <= 0) throw new IllegalArgumentException("amountCents must be > 0");
    if (paymentDaysAfterTravel < 0) throw new IllegalArgumentException("paymentDaysAfterTravel must be >= 0");
  }
}
