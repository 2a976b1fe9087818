package org.timebank.ledger;

import static org.junit.jupiter.api.Assertions.*;
import static org.timebank.ledger.LedgerFixture.await;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** PINs against a real PostgreSQL: weak ones refused, wrong ones counted, the lock, the staff reset. */
class PinsTest {
    LedgerFixture f;
    Member ann;

    @BeforeEach
    void setUp() {
        f = new LedgerFixture();
        f.org("KLN");
        ann = f.member("KLN", "Ann Wong");
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    @Test
    void weakPinsAreRefusedWithAReasonAndAGoodOneActivatesTheMember() {
        assertEquals("pin_required", ann.status());
        String lastFour = ann.phone().substring(ann.phone().length() - 4);
        for (String weak : List.of("0000", "1234", "4321", "1212", lastFour)) {
            PinChange c = await(f.ledger.pins().setFirst(ann.id(), weak));
            assertEquals(PinChange.Outcome.WEAK, c.outcome(), weak);
            assertNotNull(c.weakness());
        }
        assertEquals(PinChange.Outcome.CHANGED, await(f.ledger.pins().setFirst(ann.id(), "2468")).outcome());
        assertEquals("active", await(f.ledger.directory().member(ann.id())).orElseThrow().status());
        String stored = queryString("SELECT pin_hash FROM members WHERE id = " + ann.id());
        assertFalse(stored.contains("2468"), "the PIN itself is never stored");
        assertTrue(await(f.ledger.pins().check(ann.id(), "2468")).ok());
    }

    @Test
    void aPinStateReadAheadIsCheckedAsAReadAtTheCheckAndIsUsedOnlyForItsOwnMember() {
        await(f.ledger.pins().setFirst(ann.id(), "2468"));
        Member bob = f.member("KLN", "Bob Chan");
        await(f.ledger.pins().setFirst(bob.id(), "1357"));
        var pins = f.ledger.pins();

        assertTrue(await(pins.check(ann.id(), "2468", pins.readAhead(ann.id()))).ok());
        assertEquals(new PinCheck(PinCheck.Outcome.WRONG, 2), await(pins.check(ann.id(), "1111", pins.readAhead(ann.id()))),
                "a wrong PIN is counted, as without the read ahead");
        // read ahead before the count went up: a right PIN is decided again with the row locked, and resets the count
        var before = pins.readAhead(ann.id());
        await(before.state());
        assertEquals(new PinCheck(PinCheck.Outcome.WRONG, 1), await(pins.check(ann.id(), "1111")));
        assertTrue(await(pins.check(ann.id(), "2468", before)).ok());
        assertEquals(0L, TestDatabase.queryLong(f.db, "SELECT pin_failed_attempts FROM members WHERE id = " + ann.id()));
        // another member's read is not used: Ann's PIN is checked against Ann's row
        assertEquals(PinCheck.Outcome.WRONG, await(pins.check(ann.id(), "1357", pins.readAhead(bob.id()))).outcome());
        assertTrue(await(pins.check(ann.id(), "2468", pins.readAhead(bob.id()))).ok());
        assertTrue(await(pins.check(ann.id(), "2468", null)).ok());
    }

    @Test
    void threeWrongPinsInARowLockAndAStaffResetUnlocks() {
        await(f.ledger.pins().setFirst(ann.id(), "2468"));
        assertEquals(new PinCheck(PinCheck.Outcome.WRONG, 2), await(f.ledger.pins().check(ann.id(), "1357")));
        assertTrue(await(f.ledger.pins().check(ann.id(), "2468")).ok(), "a right PIN resets the count");
        assertEquals(new PinCheck(PinCheck.Outcome.WRONG, 2), await(f.ledger.pins().check(ann.id(), "1357")));
        assertEquals(new PinCheck(PinCheck.Outcome.WRONG, 1), await(f.ledger.pins().check(ann.id(), "1357")));
        assertEquals(PinCheck.Outcome.LOCKED, await(f.ledger.pins().check(ann.id(), "1357")).outcome());
        assertEquals(PinCheck.Outcome.LOCKED, await(f.ledger.pins().check(ann.id(), "2468")).outcome(),
                "even the right PIN is refused while locked");
        assertEquals("locked", await(f.ledger.directory().member(ann.id())).orElseThrow().status());

        var reset = await(f.ledger.pins().reset(ann.id(), "staff:coord", "member called the office",
                m -> List.of(new OutboundSms(m.phone(), m.id(), "Your PIN was reset", OutboundSms.Purpose.NOTICE, "reset:" + m.id()))));
        assertTrue(reset.isPresent());
        assertEquals("pin_required", reset.get().status());
        assertEquals(PinCheck.Outcome.NO_PIN, await(f.ledger.pins().check(ann.id(), "2468")).outcome());
        assertEquals(1, TestDatabase.queryLong(f.db, "SELECT count(*) FROM member_events WHERE kind = 'pin_reset'"
                + " AND actor = 'staff:coord' AND reason = 'member called the office'"));
        assertEquals(1, TestDatabase.queryLong(f.db, "SELECT count(*) FROM outbox WHERE to_phone = '" + ann.phone() + "'"));
        assertEquals(PinChange.Outcome.CHANGED, await(f.ledger.pins().setFirst(ann.id(), "3579")).outcome());
    }

    @Test
    void concurrentWrongPinsNeverGetMoreThanTheAllowedTries() throws Exception {
        await(f.ledger.pins().setFirst(ann.id(), "2468"));
        java.util.List<io.vertx.core.Future<PinCheck>> attempts = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) attempts.add(f.ledger.pins().check(ann.id(), "1357"));
        await(io.vertx.core.Future.join(attempts));
        long wrong = attempts.stream().filter(a -> a.result().outcome() == PinCheck.Outcome.WRONG).count();
        long locked = attempts.stream().filter(a -> a.result().outcome() == PinCheck.Outcome.LOCKED).count();
        assertEquals(2, wrong, "two wrong answers, then the third locks");
        assertEquals(10, locked);
        assertEquals(PinCheck.Outcome.LOCKED, await(f.ledger.pins().check(ann.id(), "2468")).outcome());
    }

    @Test
    void changingAPinNeedsTheOldOneAndADifferentStrongNewOne() {
        await(f.ledger.pins().setFirst(ann.id(), "2468"));
        assertEquals(PinChange.Outcome.OLD_PIN_REFUSED, await(f.ledger.pins().change(ann.id(), "1357", "3579")).outcome());
        assertEquals(PinChange.Outcome.SAME_AS_OLD, await(f.ledger.pins().change(ann.id(), "2468", "2468")).outcome());
        assertEquals(PinChange.Outcome.WEAK, await(f.ledger.pins().change(ann.id(), "2468", "9999")).outcome());
        assertEquals(PinChange.Outcome.CHANGED, await(f.ledger.pins().change(ann.id(), "2468", "3579")).outcome());
        assertTrue(await(f.ledger.pins().check(ann.id(), "3579")).ok());
    }

    private String queryString(String sql) {
        try (var c = f.db.jdbcConnection(); var s = c.createStatement(); var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
