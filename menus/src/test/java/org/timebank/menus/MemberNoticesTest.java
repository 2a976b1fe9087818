package org.timebank.menus;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.timebank.ledger.Member;
import org.timebank.ledger.OutboundSms;
import org.timebank.ledger.Party;
import org.timebank.ledger.Posted;
import org.timebank.ledger.Transfer;
import org.timebank.ledger.TransferKind;
import org.timebank.sms.Segments;
import org.timebank.sms.Texts;

/** Who gets which SMS when hours move, in their own language, within the SMS length budget. */
class MemberNoticesTest {
    static final MemberNotices NOTICES = new MemberNotices(Texts.load(), "*384*123#");
    static final String LONG_NAME = "Wanjiku Kamau Njeri Achieng Otieno Mwang";

    static Posted.Side member(long id, String lang, long balance) {
        return new Posted.Side(id, "+8529123000" + id, LONG_NAME, lang, balance);
    }

    static final Posted.Side NOT_A_MEMBER = new Posted.Side(null, null, null, null, -999);

    static Transfer transfer(TransferKind kind, Party from, Party to) {
        return new Transfer(1, "T7K2Q9", kind, from, to, "KLN", "KLN", 1439, null, null, Instant.now(),
                kind == TransferKind.REVERSAL ? "A3C4D6" : null);
    }

    static final Party ISSUANCE = new Party("issuance", "KLN", "Kowloon City Elderly Care Association Ltd");
    static final Party FUND = new Party("fund", "KLN-FUND", "Kowloon time voucher fund");
    static final Party M1 = new Party("member", "1", LONG_NAME);
    static final Party M2 = new Party("member", "2", "Ann Wong");

    static Stream<Arguments> cases() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (String lang : List.of("en", "zh", "sw")) {
            // kind, from side, to side, who is told (member ids)
            b.add(Arguments.of(lang, new Posted(transfer(TransferKind.SEND, M1, M2), member(1, lang, 60), member(2, lang, 1500)), List.of(1L, 2L)));
            b.add(Arguments.of(lang, new Posted(transfer(TransferKind.CREDIT, ISSUANCE, M1), NOT_A_MEMBER, member(1, lang, 99_999)), List.of(1L)));
            b.add(Arguments.of(lang, new Posted(transfer(TransferKind.GRANT, FUND, M1), NOT_A_MEMBER, member(1, lang, 30)), List.of(1L)));
            b.add(Arguments.of(lang, new Posted(transfer(TransferKind.DONATION, M1, FUND), member(1, lang, 0), NOT_A_MEMBER), List.of(1L)));
            b.add(Arguments.of(lang, new Posted(transfer(TransferKind.REVERSAL, M2, M1), member(2, lang, -120), member(1, lang, 60)), List.of(2L, 1L)));
        }
        return b.build();
    }

    @ParameterizedTest(name = "{0}: {1} -> members {2}")
    @MethodSource("cases")
    void everyMemberSideGetsOneReceiptInTheirLanguageWithinTwoSegments(String lang, Posted posted, List<Long> told) {
        List<OutboundSms> out = NOTICES.forTransfer(posted);
        assertEquals(told, out.stream().map(OutboundSms::memberId).toList());
        for (OutboundSms sms : out) {
            assertEquals(OutboundSms.Purpose.RECEIPT, sms.purpose());
            assertTrue(sms.body().contains("T7K2Q9"), sms.body());
            assertTrue(sms.body().contains("23h59m"), "amounts read as hours: " + sms.body());
            assertEquals("receipt:T7K2Q9:" + sms.memberId(), sms.dedupeKey());
            assertTrue(Segments.count(sms.body()) <= 2, sms.body());
            if (lang.equals("zh")) assertTrue(sms.body().codePoints().anyMatch(c -> c >= 0x4E00), "written in Chinese: " + sms.body());
            else assertTrue(Segments.count(sms.body()) == 1, "one segment in " + lang + ": " + sms.body());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("languages")
    void theStaffWelcomeAndThePinResetTellTheMemberToDialTheCode(String lang) {
        Member m = new Member(7, "+85291230007", "Mary Chan", "KLN", "Kowloon Care", "Kowloon City", lang, "pin_required", 60, false, Instant.now(), null, java.util.List.of(), null, 0, 0);
        for (OutboundSms sms : List.of(NOTICES.registeredByStaff(m).get(0), NOTICES.pinReset(m).get(0))) {
            assertTrue(sms.body().contains("*384*123#"), sms.body());
            assertEquals("+85291230007", sms.toPhone());
            assertEquals(OutboundSms.Purpose.NOTICE, sms.purpose());
        }
        assertTrue(NOTICES.registeredByStaff(m).get(0).body().contains("Mary"));
        assertEquals("welcome:7", NOTICES.registeredByStaff(m).get(0).dedupeKey());
    }

    static Stream<String> languages() {
        return Stream.of("en", "zh", "sw");
    }
}
