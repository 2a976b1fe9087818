package org.timebank.menus.ussd;

import static org.timebank.ledger.LedgerFixture.await;

/** Small setup steps the tables need, done through the ledger as staff would. */
final class LedgerFixtureAccess {
    private LedgerFixtureAccess() {}

    static void suspend(UssdWorld w, long memberId) {
        await(w.f.ledger.directory().setStatus(memberId, "active,pin_required", "suspended", "staff:test", "test"));
    }

    static String status(UssdWorld w, long memberId) {
        return await(w.f.ledger.directory().member(memberId)).orElseThrow().status();
    }
}
