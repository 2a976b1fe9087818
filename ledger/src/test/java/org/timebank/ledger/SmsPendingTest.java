package org.timebank.ledger;

import static org.junit.jupiter.api.Assertions.*;
import static org.timebank.ledger.LedgerFixture.await;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.timebank.ledger.pg.PgMemberLedger;

/**
 * The two halves of an SMS send against a real PostgreSQL (V16): a SEND held together with its
 * reply, many at once; the PIN reply's item read with the member's PIN state, the PIN checked only
 * when an item waits.
 */
class SmsPendingTest {
    LedgerFixture f;
    MemberLedger members;
    Member ann, ben, cat;

    @BeforeEach
    void setUp() {
        f = new LedgerFixture();
        f.org("KLN");
        members = new PgMemberLedger(f.ledger);
        ann = f.member("KLN", "Ann Wong");
        ben = f.member("KLN", "Ben Lee");
        cat = f.member("KLN", "Cat Chan");
        await(f.ledger.pins().setFirst(ann.id(), "2468"));
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    static OutboundSms reply(Member to, String key) {
        return new OutboundSms(to.phone(), to.id(), "Reply with your PIN", OutboundSms.Purpose.REPLY, key);
    }

    long count(String sql) {
        return TestDatabase.queryLong(f.db, sql);
    }

    @Test
    void holdsArrivingTogetherAreHeldWithTheirRepliesAndAMembersLaterSendReplacesTheEarlier() {
        List<Future<Pending>> holds = new ArrayList<>();
        // the first two go out at once (two statements in flight); Ann's two wait for them and go together
        holds.add(members.holdPending(cat.id(), "send", ann.id(), null, 30, null, 300, reply(cat, "reply:at:c1:0")));
        holds.add(members.holdPending(ben.id(), "send", cat.id(), null, 40, null, 300, null));
        holds.add(members.holdPending(ann.id(), "send", ben.id(), null, 10, "first", 300, reply(ann, "reply:at:a1:0")));
        holds.add(members.holdPending(ann.id(), "send", cat.id(), null, 20, "second", 300, reply(ann, "reply:at:a2:0")));
        await(Future.all(new ArrayList<>(holds)));

        Pending catHold = holds.get(0).result(), annFirst = holds.get(2).result(), annSecond = holds.get(3).result();
        assertEquals(List.of(cat.id(), 30L, ann.id()), List.of(catHold.memberId(), catHold.amountMinutes(), catHold.toMemberId()));
        assertEquals("Ann Wong", catHold.toName());
        assertEquals(List.of(10L, 20L), List.of(annFirst.amountMinutes(), annSecond.amountMinutes()),
                "each caller gets its own item back, whatever order they were held in");
        assertEquals(1, count("SELECT count(DISTINCT xmin::text) FROM outbox WHERE dedupe_key IN ('reply:at:a1:0', 'reply:at:a2:0')"),
                "Ann's two holds and their replies in one transaction");
        assertEquals("second", await(members.currentPending(ann.id())).orElseThrow().note(), "Ann's later SEND is the one waiting");
        assertEquals(1, count("SELECT count(*) FROM sms_pending WHERE status = 'replaced' AND id = " + annFirst.id()));
        assertEquals(3, count("SELECT count(*) FROM outbox WHERE dedupe_key LIKE 'reply:at:%' AND purpose = 'reply' AND status = 'queued'"));
        assertEquals(0, count("SELECT count(*) FROM outbox WHERE member_id = " + ben.id()), "a hold without a reply writes none");

        // the same inbound message handled again (its reply key known): the item is held again, the reply not written twice
        await(members.holdPending(cat.id(), "send", ann.id(), null, 30, null, 300, reply(cat, "reply:at:c1:0")));
        assertEquals(1, count("SELECT count(*) FROM outbox WHERE dedupe_key = 'reply:at:c1:0'"));
    }

    @Test
    void aPinWithNothingWaitingOrAnItemExpiredIsNotChecked() {
        PendingPinCheck nothing = await(members.currentPendingCheckingPin(ann.id(), "1357"));
        assertTrue(nothing.pending().isEmpty());
        assertNull(nothing.pinCheck());

        await(members.holdPending(ann.id(), "send", ben.id(), null, 10, null, -1, null));
        PendingPinCheck expired = await(members.currentPendingCheckingPin(ann.id(), "1357"));
        assertTrue(expired.pending().orElseThrow().expired());
        assertNull(expired.pinCheck());
        assertEquals(0, count("SELECT pin_failed_attempts FROM members WHERE id = " + ann.id()), "no wrong PIN counted");
    }

    @Test
    void aWaitingItemIsReadWithItsPinChecked() {
        Pending held = await(members.holdPending(ann.id(), "send", ben.id(), null, 15, null, 300, null));

        PendingPinCheck wrong = await(members.currentPendingCheckingPin(ann.id(), "1357"));
        assertEquals(held.id(), wrong.pending().orElseThrow().id());
        assertEquals("Ben Lee", wrong.pending().get().toName());
        assertEquals(new PinCheck(PinCheck.Outcome.WRONG, 2), wrong.pinCheck());
        assertEquals(1, count("SELECT pin_failed_attempts FROM members WHERE id = " + ann.id()));

        PendingPinCheck right = await(members.currentPendingCheckingPin(ann.id(), "2468"));
        assertTrue(right.pinCheck().ok());
        assertEquals(0, count("SELECT pin_failed_attempts FROM members WHERE id = " + ann.id()), "a right PIN resets the count");

        PendingPinCheck again = await(members.currentPendingCheckingPin(ann.id(), "2468"));
        assertTrue(again.pinCheck().ok(), "the right PIN with no wrong one before it: answered from the one read");

        PendingPinCheck noPin = await(members.currentPendingCheckingPin(ben.id(), "2468"));
        assertTrue(noPin.pending().isEmpty(), "Ben has nothing waiting");
        await(members.holdPending(ben.id(), "send", ann.id(), null, 5, null, 300, null));
        assertEquals(PinCheck.Outcome.NO_PIN, await(members.currentPendingCheckingPin(ben.id(), "2468")).pinCheck().outcome());
    }
}
