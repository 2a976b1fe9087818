package org.timebank.menus.ussd;

import static org.timebank.ledger.LedgerFixture.await;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.timebank.ledger.AccountRef;
import org.timebank.ledger.LedgerFixture;
import org.timebank.ledger.Member;
import org.timebank.ledger.Notices;
import org.timebank.ledger.Org;
import org.timebank.ledger.Phones;
import org.timebank.ledger.TransferCommand;
import org.timebank.ledger.TransferKind;
import org.timebank.ledger.pg.PgDirectory;
import org.timebank.ledger.pg.PgMemberLedger;
import org.timebank.menus.MemberNotices;
import org.timebank.sms.Texts;

/**
 * The USSD engine over a real PostgreSQL ledger, with the people the tables talk about: NGOs, a
 * fund, members with PINs and balances. No HTTP: each hop calls the engine as the gateway does.
 */
final class UssdWorld implements AutoCloseable {
    static final String PIN = "4826", OTHER_PIN = "7391", NEW_PIN = "3715";
    static final Texts SCREENS = Texts.load("screens");
    static final UssdSettings SETTINGS = new UssdSettings("*384*123#", 160, 80, 24 * 60, 7);
    final LedgerFixture f = new LedgerFixture();
    final Phones phones = new Phones("HK");
    final UssdEngine engine = new UssdEngine(new PgMemberLedger(f.ledger), SCREENS, new MemberNotices(Texts.load(), "*384*123#"),
            SETTINGS, phones, new org.timebank.menus.Marketplace(new PgMemberLedger(f.ledger), Texts.load(), 30));
    private final AtomicInteger next = new AtomicInteger(1);

    UssdWorld(String orgName, String fundName) {
        await(f.ledger.directory().createOrg(new Org(0, "KLN", orgName, "Kowloon City", "2345 6789", null, null, null, null, null, null, null)));
        await(f.ledger.directory().createFund("KLN-FUND", fundName, "KLN"));
        await(f.ledger.directory().createCategory(new org.timebank.ledger.Category("repairs", "Home repairs", "家居維修", "Matengenezo")));
    }

    /** A fresh phone number nobody uses yet (local form, as a member types it). */
    String freshLocalNumber() {
        return "9123" + String.format("%04d", next.getAndIncrement());
    }

    String e164(String local) {
        return phones.normalise(local).orElseThrow();
    }

    Member member(String name, String language, long balanceMinutes, String pin) {
        String phone = e164(freshLocalNumber());
        Member m = await(f.ledger.directory().register(new PgDirectory.NewMember(phone, name, "KLN", language,
                pin == null ? null : f.ledger.pins().hasher().hash(pin), "test"), x -> List.of(), Notices.NONE)).member();
        if (balanceMinutes > 0) {
            await(f.ledger.transfers().transfer(new TransferCommand(TransferKind.CREDIT, AccountRef.issuance("KLN"), AccountRef.member(m.id()),
                    balanceMinutes, null, null, "seed:" + UUID.randomUUID(), "test"), Notices.NONE));
        }
        return await(f.ledger.directory().member(m.id())).orElseThrow();
    }

    /** One phone's session with the engine. */
    final class Session {
        final String phone;
        final String id = "test-" + UUID.randomUUID();
        UssdEngine.Hop hop;
        int index;

        Session(String phone) {
            this.phone = phone;
        }

        UssdEngine.Hop dial() {
            hop = await(engine.dial(id, phone, UssdEngine.Entry.plain()));
            return hop;
        }

        UssdEngine.Hop type(String input) {
            if (hop.ended()) throw new AssertionError("the session ended already: " + hop.response());
            hop = await(engine.input(id, phone, hop.state(), input, index++));
            return hop;
        }
    }

    Session session(String phone) {
        return new Session(phone);
    }

    String render(String language, String key, java.util.Map<String, String> args) {
        return SCREENS.render(org.timebank.sms.Language.fromCode(language).orElseThrow(), key, args);
    }

    @Override
    public void close() {
        f.close();
    }
}
