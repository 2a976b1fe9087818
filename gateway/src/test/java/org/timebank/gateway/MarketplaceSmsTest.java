package org.timebank.gateway;

import static org.junit.jupiter.api.Assertions.*;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.timebank.ledger.AccountRef;
import org.timebank.ledger.Notices;
import org.timebank.ledger.TransferCommand;
import org.timebank.ledger.TransferKind;

/** Needs and offers by SMS over Africa's Talking's wire format: post, match, alert once a day, find, contact once, done, rate once. */
class MarketplaceSmsTest {
    static final String TOKEN = "at-token";
    FakeProviders provider;
    GatewayFixture f;
    String admin;

    @BeforeEach
    void start() throws Exception {
        provider = new FakeProviders();
        f = new GatewayFixture(Map.of("SMS_PROVIDER", "africastalking", "AT_API_BASE", provider.base(), "AT_USERNAME", "sandbox",
                "AT_API_KEY", "key", "AT_CALLBACK_TOKEN", TOKEN, "SMS_RATE_PER_SECOND", "100"));
        admin = f.admin();
        f.post("/api/v1/orgs", admin, new JsonObject().put("code", "KLN").put("name", "Kowloon Care").put("district", "Kowloon City"));
        for (String[] c : new String[][] {{"repairs", "Home repairs", "家居維修", "Matengenezo"}, {"meals", "Meals", "膳食", "Chakula"},
                {"other", "Other", "其他", "Mengineyo"}}) {
            f.post("/api/v1/categories", admin, new JsonObject().put("code", c[0]).put("names", new JsonObject().put("en", c[1]).put("zh", c[2]).put("sw", c[3])));
        }
    }

    @AfterEach
    void stop() {
        f.close();
        provider.close();
    }

    SmsPhone member(String phone, String name, String lang) {
        f.post("/api/v1/members", admin, new JsonObject().put("phone", phone).put("name", name).put("org", "KLN").put("language", lang));
        SmsPhone p = new SmsPhone(f, phone);
        provider.await(phone, "*384*123#");
        p.viaAfricasTalking("PIN 4826 4826", TOKEN);
        provider.awaitCount(phone, "", 2); // the welcome and the "PIN is set" reply
        return p;
    }

    long postId(String body) {
        return f.count("SELECT id FROM posts WHERE body = '" + body + "'");
    }

    @Test
    void anOfferIsMatchedFoundIntroducedClosedAndRated() throws Exception {
        SmsPhone ann = member("+85291230901", "Ann Wong", "en");
        SmsPhone ben = member("+85291230902", "Ben Otieno", "en");
        SmsPhone cat = member("+85291230903", "Cat Lee", "en");
        ann.viaAfricasTalking("OFFER I can fix doors and locks", TOKEN);
        provider.await(ann.number, "No match yet");
        long offer = postId("I can fix doors and locks");
        assertEquals(1, f.count("SELECT count(*) FROM posts WHERE id = " + offer + " AND category = 'repairs'"), "category from its words");

        ben.viaAfricasTalking("NEED someone to fix my door", TOKEN);
        provider.await(ben.number, "#" + offer + " Ann: I can fix doors");
        provider.await(ann.number, "may suit your #" + offer);
        ben.viaAfricasTalking("NEED door repair please", TOKEN);
        provider.awaitCount(ben.number, "#" + offer + " Ann", 2);
        Thread.sleep(500);
        assertEquals(1, provider.to(ann.number).stream().filter(s -> s.body().contains("may suit")).count(), "one alert a day");

        cat.viaAfricasTalking("FIND door", TOKEN);
        provider.await(cat.number, "#" + offer + " Ann");
        cat.viaAfricasTalking("FIND NEED door", TOKEN);
        provider.await(cat.number, "Ben: someone to fix my door");

        ben.viaAfricasTalking("CONTACT " + offer, TOKEN);
        provider.await(ben.number, "meet Ann +85291230901 about #" + offer);
        provider.await(ann.number, "meet Ben +85291230902 about #" + offer);
        ben.viaAfricasTalking("CONTACT #" + offer, TOKEN);
        provider.await(ben.number, "introduced to Ann already");
        assertEquals(1, provider.to(ann.number).stream().filter(s -> s.body().contains("meet Ben")).count(), "introduced once");
        ann.viaAfricasTalking("CONTACT " + offer, TOKEN);
        provider.await(ann.number, "your own post");

        f.post("/api/v1/credits", admin, new JsonObject().put("phone", ben.number).put("hours", 3));
        ben.viaAfricasTalking("SEND 91230901 1", TOKEN);
        provider.await(ben.number, "Send 1h to Ann");
        ben.viaAfricasTalking("4826", TOKEN);
        provider.await(ann.number, "You got 1h from Ben");
        assertEquals(1, f.count("SELECT count(*) FROM transfers WHERE kind = 'send' AND category = 'repairs'"),
                "a transfer after an introduction carries the post's category");

        cat.viaAfricasTalking("DONE " + offer, TOKEN);
        provider.await(cat.number, "no open post #" + offer);
        ann.viaAfricasTalking("DONE " + offer, TOKEN);
        provider.await(ann.number, "#" + offer + " is closed");
        cat.viaAfricasTalking("FIND locks", TOKEN);
        provider.await(cat.number, "Nothing found");

        long benId = f.count("SELECT id FROM members WHERE phone = '" + ben.number + "'"), annId = f.count("SELECT id FROM members WHERE phone = '" + ann.number + "'");
        String ref = Gateway.await(f.gateway.ledger().transfers().transfer(new TransferCommand(TransferKind.SEND, AccountRef.member(benId),
                AccountRef.member(annId), 60, null, "repairs", "pay-ann", "member:" + benId), Notices.NONE)).transfer().reference();
        ben.viaAfricasTalking("RATE " + ref + " 5", TOKEN);
        provider.await(ben.number, "Thank you for rating");
        ben.viaAfricasTalking("RATE " + ref + " 1", TOKEN);
        provider.await(ben.number, "rated that exchange already");
        cat.viaAfricasTalking("RATE " + ref + " 1", TOKEN);
        provider.await(cat.number, "No exchange " + ref);
        assertEquals(1, f.count("SELECT count(*) FROM ratings WHERE ratee_id = " + annId + " AND stars = 5"));
        assertEquals(0, f.count("SELECT count(*) FROM inbound_sms WHERE body LIKE '%4826%'"));
    }

    @Test
    void anOfferPostedByUssdIsFoundBySmsFind() {
        SmsPhone ann = member("+85291230921", "Ann Wong", "en");
        SmsPhone cat = member("+85291230922", "Cat Lee", "en");
        Phone phone = new Phone(f, ann.number, "/ussd/africastalking?token=" + TOKEN);
        phone.dial();
        phone.typeAll("3", "3", "2", "I can fix leaking taps", "1");
        assertTrue(phone.type("1").startsWith("END Posted as #"), phone.last);
        long offer = postId("I can fix leaking taps");
        cat.viaAfricasTalking("FIND taps", TOKEN);
        provider.await(cat.number, "#" + offer + " Ann: I can fix leaking taps");
    }

    @Test
    void chineseTextIsMatchedByCharacterPairs() {
        SmsPhone mary = member("+85291230911", "陳美", "zh");
        SmsPhone lee = member("+85291230912", "李明", "zh");
        mary.viaAfricasTalking("提供 幫忙修理門鎖", TOKEN);
        provider.await(mary.number, "已刊登");
        long offer = postId("幫忙修理門鎖");
        lee.viaAfricasTalking("需要 我家門鎖壞了", TOKEN);
        provider.await(lee.number, "#" + offer);
    }
}
