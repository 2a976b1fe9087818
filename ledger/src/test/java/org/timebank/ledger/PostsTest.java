package org.timebank.ledger;

import static org.junit.jupiter.api.Assertions.*;
import static org.timebank.ledger.LedgerFixture.await;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Matching ranks a same-category, same-district post above others, in several languages; 500 posts page in order. */
class PostsTest {
    LedgerFixture f;

    @BeforeEach
    void setUp() {
        f = new LedgerFixture();
        await(f.ledger.directory().createOrg(new Org(0, "KLN", "Kowloon Care", "Kowloon City", null, null, null, null, null, null, null, null)));
        await(f.ledger.directory().createOrg(new Org(0, "YL", "Yuen Long Link", "Yuen Long", null, null, null, null, null, null, null, null)));
        await(f.ledger.directory().createCategory(new Category("repairs", "Home repairs", "家居維修", "Matengenezo")));
        await(f.ledger.directory().createCategory(new Category("meals", "Meals", "膳食", "Chakula")));
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    Post post(Member m, String kind, String category, String body) {
        return await(f.ledger.posts().create(m.id(), kind, category, body, null, 30));
    }

    @Test
    void sameCategoryAndSameDistrictComeFirstInEachLanguage() {
        Member seeker = f.member("KLN", "Seeker");
        Member near = f.member("KLN", "Near Helper"), far = f.member("YL", "Far Helper"), other = f.member("KLN", "Cook");
        for (String[] lang : new String[][] {{"fix my door", "I fix doors", "fix doors well", "I cook and fix nothing"},
                {"修理門鎖", "我可以修理門鎖", "修理門鎖專家", "煮飯修理"}, {"rekebisha mlango", "nitarekebisha mlango", "nitarekebisha mlango vizuri", "pika chakula rekebisha"}}) {
            Post nearOffer = post(near, "offer", "repairs", lang[1]);
            Post farOffer = post(far, "offer", "repairs", lang[2]);
            Post otherCategory = post(other, "offer", "meals", lang[3]);
            List<Post> best = await(f.ledger.posts().best("offer", "repairs", lang[0], "Kowloon City", seeker.id(), 3));
            assertEquals(nearOffer.id(), best.get(0).id(), "same category and district first: " + best);
            assertEquals(farOffer.id(), best.get(1).id());
            assertTrue(best.size() < 3 || best.get(2).id() == otherCategory.id());
            await(f.ledger.posts().close(nearOffer.id(), near.id()));
            await(f.ledger.posts().close(farOffer.id(), far.id()));
            await(f.ledger.posts().close(otherCategory.id(), other.id()));
        }
    }

    @Test
    void findUsesWordsAndChineseCharacterPairs() {
        Member a = f.member("KLN", "Ann");
        Post p = post(a, "offer", "repairs", "幫忙修理門鎖和窗");
        assertEquals(p.id(), await(f.ledger.posts().find("offer", "門鎖壞了", "Kowloon City", 3)).get(0).id());
        assertTrue(await(f.ledger.posts().find("offer", "煮飯", "Kowloon City", 3)).isEmpty());
        assertTrue(await(f.ledger.posts().find("need", "門鎖", "Kowloon City", 3)).isEmpty(), "kinds are kept apart");
    }
}
