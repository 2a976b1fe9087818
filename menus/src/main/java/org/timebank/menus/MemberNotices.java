package org.timebank.menus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.timebank.ledger.Member;
import org.timebank.ledger.Notices;
import org.timebank.ledger.OutboundSms;
import org.timebank.ledger.PaymentRequest;
import org.timebank.ledger.Posted;
import org.timebank.ledger.Transfer;
import org.timebank.sms.HoursFormat;
import org.timebank.sms.Language;
import org.timebank.sms.Texts;

/**
 * The SMS a member gets when something happens to their account: receipts for transfers (both
 * sides, with the new balance), the welcome after staff registered them, a PIN reset. Pure: it
 * turns ledger events into outbox messages in the member's language; the ledger writes them in
 * the same transaction as the change. Each message carries a dedupe key naming its reason.
 */
public final class MemberNotices implements Notices {
    private final Texts texts;
    private final String serviceCode;

    public MemberNotices(Texts texts, String serviceCode) {
        this.texts = texts;
        this.serviceCode = serviceCode;
    }

    @Override
    public List<OutboundSms> forTransfer(Posted p) {
        Transfer t = p.transfer();
        List<OutboundSms> out = new ArrayList<>();
        String hours = HoursFormat.format(t.amountMinutes());
        switch (t.kind()) {
            case CREDIT, GRANT -> receipt(out, p.to(), t, "sms.credit.received",
                    Map.of("hours", hours, "org", t.from().name(), "ref", t.reference(), "balance", balance(p.to())));
            case REVERSAL -> {
                for (Posted.Side side : List.of(p.from(), p.to())) {
                    receipt(out, side, t, "sms.reversal.notice", Map.of("hours", hours, "ref", t.reference(),
                            "original", t.reverses(), "balance", balance(side)));
                }
            }
            case DONATION -> receipt(out, p.from(), t, "sms.donation.sent", Map.of("hours", hours, "fund", t.to().name(),
                    "ref", t.reference(), "balance", balance(p.from())));
            case SEND, REQUEST -> {
                receipt(out, p.from(), t, "sms.transfer.sent", Map.of("hours", hours, "name", firstName(t.to().name()),
                        "ref", t.reference(), "balance", balance(p.from())));
                receipt(out, p.to(), t, "sms.transfer.received", Map.of("hours", hours, "name", firstName(t.from().name()),
                        "ref", t.reference(), "balance", balance(p.to())));
            }
        }
        return out;
    }

    /** The welcome for a member staff registered: how to choose a PIN. */
    public List<OutboundSms> registeredByStaff(Member m) {
        String body = texts.render(language(m.language()), "sms.member.registered_by_staff",
                Map.of("name", m.firstName(), "org", m.orgName(), "code", serviceCode));
        return List.of(new OutboundSms(m.phone(), m.id(), body, OutboundSms.Purpose.NOTICE, "welcome:" + m.id()));
    }

    /** The welcome after a member registered themselves by USSD, with their balance. */
    public List<OutboundSms> welcome(Member m) {
        String body = texts.render(language(m.language()), "sms.member.welcome", Map.of("name", m.firstName(),
                "balance", HoursFormat.format(m.balanceMinutes()), "code", serviceCode));
        return List.of(new OutboundSms(m.phone(), m.id(), body, OutboundSms.Purpose.NOTICE, "welcome:" + m.id()));
    }

    /** Tells the payer who asks for how many hours, and how to pay or decline. */
    public List<OutboundSms> requestReceived(PaymentRequest r) {
        String body = texts.render(language(r.payerLanguage()), "sms.request.received", Map.of("name", firstName(r.requesterName()),
                "hours", HoursFormat.format(r.amountMinutes()), "note", r.note() == null ? "-" : (r.note().length() > 60 ? r.note().substring(0, 60) : r.note()), "ref", r.reference(),
                "code", serviceCode));
        return List.of(new OutboundSms(r.payerPhone(), r.payerId(), body, OutboundSms.Purpose.NOTICE, "request:" + r.id()));
    }

    /** Tells the requester that the payer declined. */
    public List<OutboundSms> requestDeclined(PaymentRequest r) {
        String body = texts.render(language(r.requesterLanguage()), "sms.request.declined", Map.of("name", firstName(r.payerName()),
                "hours", HoursFormat.format(r.amountMinutes()), "ref", r.reference()));
        return List.of(new OutboundSms(r.requesterPhone(), r.requesterId(), body, OutboundSms.Purpose.NOTICE, "request-declined:" + r.id()));
    }

    /** Tells a member that staff reset their PIN, and how to choose a new one. */
    public List<OutboundSms> pinReset(Member m) {
        String body = texts.render(language(m.language()), "sms.pin.reset", Map.of("org", m.orgName(), "code", serviceCode));
        return List.of(new OutboundSms(m.phone(), m.id(), body, OutboundSms.Purpose.NOTICE, null));
    }

    private void receipt(List<OutboundSms> out, Posted.Side side, Transfer t, String key, Map<String, String> args) {
        if (!side.isMember()) return;
        String body = texts.render(language(side.language()), key, args);
        out.add(new OutboundSms(side.phone(), side.memberId(), body, OutboundSms.Purpose.RECEIPT,
                "receipt:" + t.reference() + ":" + side.memberId()));
    }

    private static String balance(Posted.Side side) {
        return HoursFormat.format(side.balanceAfterMinutes());
    }

    private static String firstName(String name) {
        return Display.firstWord(name);
    }

    static Language language(String code) {
        return Language.fromCode(code).orElse(Language.EN);
    }
}
