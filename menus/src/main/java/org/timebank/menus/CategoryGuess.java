package org.timebank.menus;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.timebank.ledger.Category;
import org.timebank.ledger.SearchText;

/**
 * The category of a post made by SMS, from its words: per-language keyword lists (and the
 * categories' own names), falling back to "other". Pure.
 */
public final class CategoryGuess {
    private CategoryGuess() {}

    /** Keywords (lower case; Chinese as single characters or bigrams) for the demo consortium's category codes. */
    static final Map<String, Set<String>> KEYWORDS = Map.of(
            "repairs", Set.of("repair", "repairs", "fix", "door", "doors", "lock", "window", "leak", "paint", "plumbing", "維修", "修理", "門鎖",
                    "水喉", "tengeneza", "rekebisha", "mlango", "fundi"),
            "meals", Set.of("meal", "meals", "cook", "cooking", "food", "lunch", "dinner", "soup", "飯", "煮飯", "午餐", "晚餐", "送飯",
                    "chakula", "pika", "kupika"),
            "tutoring", Set.of("tutor", "tutoring", "homework", "teach", "lesson", "english", "maths", "math", "補習", "功課", "英文", "教",
                    "fundisha", "masomo", "somo"),
            "escort", Set.of("clinic", "doctor", "hospital", "escort", "appointment", "陪診", "覆診", "醫生", "醫院", "hospitali", "daktari",
                    "kliniki"),
            "shopping", Set.of("shop", "shopping", "groceries", "market", "buy", "買", "購物", "街市", "買菜", "nunua", "soko", "duka"),
            "care", Set.of("care", "company", "visit", "elderly", "babysit", "照顧", "陪伴", "探訪", "tunza", "tembelea", "wazee"),
            "farming", Set.of("farm", "farming", "harvest", "garden", "planting", "農", "耕", "菜園", "種", "shamba", "kilimo", "vuna"));

    /** The best category code for a text among the consortium's categories, "other" if none fits, or null without categories. */
    public static String of(String text, List<Category> categories) {
        Set<String> words = SearchText.words(text);
        String lower = text == null ? "" : text.toLowerCase(Locale.ROOT);
        String best = null;
        int bestScore = 0;
        for (Category c : categories) {
            int score = 0;
            for (String k : KEYWORDS.getOrDefault(c.code(), Set.of())) if (words.contains(k) || (k.length() >= 2 && !k.matches("[a-z]+") && lower.contains(k))) score++;
            for (String name : List.of(c.nameEn(), c.nameZh(), c.nameSw())) {
                if (name != null && name.length() >= 2 && lower.contains(name.toLowerCase(Locale.ROOT))) score += 2;
            }
            if (score > bestScore) {
                bestScore = score;
                best = c.code();
            }
        }
        if (best != null) return best;
        return categories.stream().anyMatch(c -> c.code().equals("other")) ? "other" : null;
    }
}
