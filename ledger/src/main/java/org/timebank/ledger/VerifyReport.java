package org.timebank.ledger;

import java.util.List;

/**
 * The result of walking the hash chain and rebuilding balances from transfers. {@code ok} only if
 * the chain has no break, every stored balance equals its rebuilt value and the balances sum to 0.
 * Transfers not yet sealed are counted in {@code unsealed} and are not a break.
 */
public record VerifyReport(boolean ok, long transfers, long sealed, long unsealed, String lastHash,
                           long sumOfBalancesMinutes, Break firstBreak, List<BalanceMismatch> balanceMismatches) {
    /** The first place the chain does not hold. */
    public record Break(long seq, String reference, String reason) {}

    /** An account whose stored balance differs from the sum of its transfers. */
    public record BalanceMismatch(long accountId, long storedMinutes, long rebuiltMinutes) {}
}
