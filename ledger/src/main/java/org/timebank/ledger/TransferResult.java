package org.timebank.ledger;

/**
 * What a transfer call did: {@code transfer} is set when hours moved now or earlier under the same
 * key ({@code replayed}); otherwise {@code refusal} says why nothing moved. {@code fromBalanceMinutes}
 * is the paying account's balance right after a transfer made now (null otherwise: a replay does not
 * know today's balance).
 */
public record TransferResult(Transfer transfer, boolean replayed, Refusal refusal, Long fromBalanceMinutes) {
    public static TransferResult done(Transfer t, long fromBalanceMinutes) {
        return new TransferResult(t, false, null, fromBalanceMinutes);
    }

    public static TransferResult replay(Transfer t) {
        return new TransferResult(t, true, null, null);
    }

    public static TransferResult refused(Refusal r) {
        return new TransferResult(null, false, r, null);
    }

    public boolean ok() {
        return refusal == null;
    }
}
