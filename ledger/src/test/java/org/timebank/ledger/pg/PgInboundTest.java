package org.timebank.ledger.pg;

import static org.junit.jupiter.api.Assertions.*;
import static org.timebank.ledger.LedgerFixture.await;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.timebank.ledger.LedgerFixture;
import org.timebank.ledger.Member;
import org.timebank.ledger.MemberLedger;
import org.timebank.ledger.Pending;
import org.timebank.ledger.PendingPinCheck;
import org.timebank.ledger.PendingRead;
import org.timebank.ledger.PinCheck;
import org.timebank.ledger.Refusal;
import org.timebank.ledger.TestDatabase;

/** Inbound SMS recorded once each, the sender read in the same statement (V15). */
class PgInboundTest {
    final LedgerFixture f = new LedgerFixture();
    final PgInbound inbound = new PgInbound(f.ledger.pool());

    @AfterEach
    void tearDown() throws Exception {
        f.close();
    }

    @Test
    void messagesArrivingTogetherAreEachRecordedOnceWithTheirSender() {
        f.org("KLN");
        Member ann = f.member("KLN", "Ann Lee");
        Member ben = f.member("KLN", "Ben Wong");
        String stranger = "+85291239999";
        List<Future<PgInbound.Recorded>> arriving = new ArrayList<>();
        arriving.add(inbound.record("at", "a1", ann.phone(), "BAL"));
        arriving.add(inbound.record("at", "b1", ben.phone(), "SEND 91230001 1"));
        arriving.add(inbound.record("at", "a2", ann.phone(), "****"));
        arriving.add(inbound.record("at", "s1", stranger, "HELP"));
        arriving.add(inbound.record("at", "a1", ann.phone(), "BAL")); // the provider's retry, in the same moment
        arriving.add(inbound.record("twilio", "a1", ann.phone(), "BAL")); // another provider's id space
        await(Future.all(new ArrayList<>(arriving)));
        PgInbound.Recorded a1 = arriving.get(0).result(), b1 = arriving.get(1).result(), a2 = arriving.get(2).result(),
                s1 = arriving.get(3).result(), twilio = arriving.get(5).result();
        assertEquals(ann.id(), a1.sender().orElseThrow().id());
        assertEquals("Ann Lee", a1.sender().orElseThrow().name());
        assertEquals(ben.id(), b1.sender().orElseThrow().id());
        assertEquals(ann.id(), a2.sender().orElseThrow().id());
        assertEquals(ann.id(), twilio.sender().orElseThrow().id());
        assertTrue(s1.sender().isEmpty(), "a number that is no member's");
        assertNull(arriving.get(4).result(), "the same message again is not new");
        assertNull(await(inbound.record("at", "b1", ben.phone(), "SEND 91230001 1")), "nor later");
        assertEquals(5, TestDatabase.queryLong(f.db, "SELECT count(*) FROM inbound_sms"));
        assertEquals(1, TestDatabase.queryLong(f.db, "SELECT count(*) FROM inbound_sms WHERE body = '****'"));
    }

    @Test
    void theMemberAMessageNamesIsReadWithIt() {
        f.org("KLN");
        Member ann = f.member("KLN", "Ann Lee");
        Member ben = f.member("KLN", "Ben Wong");
        String stranger = "+85291239999";
        List<Future<PgInbound.Recorded>> arriving = new ArrayList<>();
        arriving.add(inbound.record("at", "n1", ann.phone(), "SEND " + ben.phone() + " 1", ben.phone(), false));
        arriving.add(inbound.record("at", "n2", ben.phone(), "SEND " + stranger + " 1", stranger, false));
        arriving.add(inbound.record("at", "n3", stranger, "ASK " + ann.phone() + " 1", ann.phone(), false));
        arriving.add(inbound.record("at", "n4", ben.phone(), "SEND " + ben.phone() + " 1", ben.phone(), false)); // their own number
        arriving.add(inbound.record("at", "n5", ann.phone(), "BAL"));
        await(Future.all(new ArrayList<>(arriving)));
        PgInbound.Recorded n1 = arriving.get(0).result(), n2 = arriving.get(1).result(), n3 = arriving.get(2).result(),
                n4 = arriving.get(3).result(), n5 = arriving.get(4).result();
        assertEquals(ann.id(), n1.sender().orElseThrow().id());
        assertEquals(ben.id(), n1.named().get(ben.phone()).orElseThrow().id());
        assertEquals("Ben Wong", n1.named().get(ben.phone()).orElseThrow().name());
        assertEquals(Map.of(stranger, Optional.empty()), n2.named(), "a number that is no member's, read as such");
        assertTrue(n3.sender().isEmpty());
        assertEquals(ann.id(), n3.named().get(ann.phone()).orElseThrow().id());
        assertEquals(ben.id(), n4.sender().orElseThrow().id());
        assertEquals(ben.id(), n4.named().get(ben.phone()).orElseThrow().id());
        assertEquals(Map.of(), n5.named(), "a message naming no one reads no one else");
        assertNull(await(inbound.record("at", "n1", ann.phone(), "SEND " + ben.phone() + " 1", ben.phone(), false)), "a retry is still not new");
        assertEquals(5, TestDatabase.queryLong(f.db, "SELECT count(*) FROM inbound_sms"));
    }

    @Test
    void aPinReplyIsRecordedWithTheSendersWaitingItemAndPinState() {
        f.org("KLN");
        Member ann = f.member("KLN", "Ann Lee");
        Member ben = f.member("KLN", "Ben Wong");
        await(f.ledger.pins().setFirst(ann.id(), "2468"));
        MemberLedger members = new PgMemberLedger(f.ledger);
        Pending held = await(members.holdPending(ann.id(), "send", ben.id(), null, 30, null, 300, null));
        List<Future<PgInbound.Recorded>> arriving = new ArrayList<>();
        arriving.add(inbound.record("at", "p1", ann.phone(), "****", null, true));
        arriving.add(inbound.record("at", "p2", ben.phone(), "****", null, true)); // nothing waits for Ben
        arriving.add(inbound.record("at", "p3", "+85291239999", "****", null, true)); // no member
        arriving.add(inbound.record("at", "p4", ann.phone(), "BAL", null, false));
        await(Future.all(new ArrayList<>(arriving)));
        PendingRead annRead = arriving.get(0).result().waiting();
        assertEquals(ann.id(), annRead.memberId());
        assertEquals(ben.id(), arriving.get(1).result().waiting().memberId());
        assertNull(arriving.get(2).result().waiting(), "a number that is no member's has nothing to read");
        assertNull(arriving.get(3).result().waiting(), "read only when asked for");

        PendingPinCheck wrong = await(members.currentPendingCheckingPin(ann.id(), "1357", annRead));
        assertEquals(held.id(), wrong.pending().orElseThrow().id());
        assertEquals(List.of("Ben Wong", 30L), List.of(wrong.pending().get().toName(), wrong.pending().get().amountMinutes()));
        assertEquals(new PinCheck(PinCheck.Outcome.WRONG, 2), wrong.pinCheck(), "a wrong PIN still counts");
        assertTrue(await(members.currentPendingCheckingPin(ben.id(), "2468", arriving.get(1).result().waiting())).pending().isEmpty());
        assertNull(await(members.currentPendingCheckingPin(ben.id(), "2468", annRead)).pinCheck(),
                "what was read for Ann is not used for Ben: Ben's own read finds nothing waiting");

        // what was read ahead is what is confirmed; an item cancelled since moves nothing
        PendingRead before = await(inbound.record("at", "p5", ann.phone(), "****", null, true)).waiting();
        await(members.cancelPending(ann.id()));
        PendingPinCheck stale = await(members.currentPendingCheckingPin(ann.id(), "2468", before));
        assertTrue(stale.pinCheck().ok());
        assertEquals(Refusal.REQUEST_NOT_WAITING, await(members.confirmPending(stale.pending().orElseThrow(), org.timebank.ledger.Notices.NONE)).refusal());
        assertTrue(await(members.currentPendingCheckingPin(ann.id(), "2468")).pending().isEmpty());
    }

    @Test
    void aForgottenMessageIsNewAgain() {
        f.org("KLN");
        Member ann = f.member("KLN", "Ann Lee");
        PgInbound.Recorded first = await(inbound.record("at", "x1", ann.phone(), "BAL"));
        await(inbound.forget(first.id()));
        PgInbound.Recorded again = await(inbound.record("at", "x1", ann.phone(), "BAL"));
        assertNotNull(again);
        assertNotEquals(first.id(), again.id());
        assertEquals(ann.balanceMinutes(), again.sender().orElseThrow().balanceMinutes());
    }
}
