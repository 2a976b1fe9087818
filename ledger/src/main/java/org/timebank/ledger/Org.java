package org.timebank.ledger;

import java.time.LocalTime;

/**
 * A member NGO of the consortium and its settings. Every limit is in minutes (or SMS segments) and
 * null means no limit.
 */
public record Org(long id, String code, String name, String district, String contact,
                  Long startingCreditMinutes, Long creditLimitMinutes, Long monthlyCreditCapMinutes,
                  Long approvalThresholdMinutes, Integer smsBudgetPerMonth,
                  LocalTime sendWindowStart, LocalTime sendWindowEnd) {}
