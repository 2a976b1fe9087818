package org.timebank.ledger;

import java.util.List;

/** Composes the SMS a new transfer causes; run inside the transfer's transaction. */
@FunctionalInterface
public interface Notices {
    List<OutboundSms> forTransfer(Posted posted);

    Notices NONE = p -> List.of();
}
