package org.timebank.ledger;

/**
 * What a transfer call did: {@code transfer} is set when hours moved now or earlier under the same
 * key ({@code replayed}); otherwise {@code refusal} says why nothing moved.
 */
public record TransferResult(Transfer transfer, boolean replayed, Refusal refusal) {
    public static TransferResult done(Transfer t) {
        return new TransferResult(t, false, null);
    }

    public static TransferResult replay(Transfer t) {
        return new TransferResult(t, true, null);
    }

    public static TransferResult refused(Refusal r) {
        return new TransferResult(null, false, r);
    }

    public boolean ok() {
        return refusal == null;
    }
}
