package org.timebank.menus;

import io.vertx.core.Future;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.timebank.ledger.Member;
import org.timebank.ledger.MemberLedger;
import org.timebank.ledger.OutboundSms;
import org.timebank.ledger.Post;
import org.timebank.sms.Language;
import org.timebank.sms.Texts;

/**
 * Posting a need or an offer, the same from USSD and SMS: the post, its best matches of the other
 * kind, and an alert to each matching post's owner (at most one a day each, none after STOP).
 */
public final class Marketplace {
    private final MemberLedger ledger;
    private final Texts texts;
    private final int expiryDays;

    public Marketplace(MemberLedger ledger, Texts texts, int expiryDays) {
        this.ledger = ledger;
        this.texts = texts;
        this.expiryDays = expiryDays;
    }

    /** A new post and up to three matches. */
    public record Posted(Post post, List<Post> matches) {}

    public Future<Posted> post(Member member, String kind, String category, String body, Long minutes) {
        String opposite = kind.equals("need") ? "offer" : "need";
        return ledger.post(member.id(), kind, category, body, minutes, expiryDays)
                .compose(p -> ledger.bestPosts(opposite, category, body, member.district(), member.id(), 3)
                        .compose(matches -> alert(p, matches).map(v -> new Posted(p, matches))));
    }

    private Future<Void> alert(Post fresh, List<Post> matches) {
        Future<Void> chain = Future.succeededFuture();
        String day = LocalDate.now(ZoneOffset.UTC).toString();
        for (Post mine : matches) {
            chain = chain.compose(v -> ledger.memberByPhone(mine.memberPhone()).compose(owner -> {
                if (owner.isEmpty() || owner.get().optedOut()) return Future.<Void>succeededFuture();
                String body = texts.render(Language.fromCode(owner.get().language()).orElse(Language.EN), "sms.alert",
                        Map.of("mine", Long.toString(mine.id()), "id", Long.toString(fresh.id()), "name", firstName(fresh.memberName()),
                                "body", clip(fresh.body(), 40)));
                return ledger.notify(List.of(new OutboundSms(owner.get().phone(), owner.get().id(), body, OutboundSms.Purpose.ALERT,
                        "alert:" + owner.get().id() + ":" + day)));
            }));
        }
        return chain;
    }

    /** The two SMS of an introduction: each member gets the other's first name and number and the post. */
    public List<OutboundSms> introduction(Post post, Member asker) {
        return List.of(intro(asker.phone(), asker.id(), asker.language(), post.memberName(), post.memberPhone(), post),
                intro(post.memberPhone(), post.memberId(), post.memberLanguage(), asker.name(), asker.phone(), post));
    }

    private OutboundSms intro(String to, long memberId, String language, String otherName, String otherPhone, Post post) {
        String body = texts.render(Language.fromCode(language).orElse(Language.EN), "sms.intro", Map.of("name", firstName(otherName),
                "phone", otherPhone, "id", Long.toString(post.id()), "body", clip(post.body(), 40)));
        return new OutboundSms(to, memberId, body, OutboundSms.Purpose.NOTICE, "intro:" + post.id() + ":" + memberId + ":" + to);
    }

    static String firstName(String name) {
        return Display.clip(Display.firstWord(name), 16);
    }

    static String clip(String s, int max) {
        return Display.clip(s, max);
    }
}
