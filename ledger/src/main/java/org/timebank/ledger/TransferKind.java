package org.timebank.ledger;

import java.util.Locale;

/** Why hours moved. Stored and shown in lower case. */
public enum TransferKind {
    SEND, CREDIT, DONATION, GRANT, REQUEST, REVERSAL;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TransferKind fromCode(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }

    /** Transfers a member starts, bound by MAX_TRANSFER_HOURS and the member's PIN. */
    public boolean memberInitiated() {
        return this == SEND || this == DONATION || this == REQUEST;
    }
}
