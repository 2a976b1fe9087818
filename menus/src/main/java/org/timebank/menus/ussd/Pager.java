package org.timebank.menus.ussd;

import java.util.ArrayList;
import java.util.List;
import org.timebank.sms.TextLength;

/**
 * Pages a numbered list so every page fits the screen limit with its header and option lines.
 * Pure. Items are numbered 1..9 on each page; "98. More" shows only where a next page exists.
 */
public final class Pager {
    private Pager() {}

    /** One page: the rendered text and the indexes (into the full list) of the items it shows. */
    public record Page(String text, List<Integer> items, boolean hasMore) {}

    /**
     * @param head lines above the list (may be empty), already including any notice line
     * @param labels every item's label, in order
     * @param more the "98. More" line
     * @param tail option lines under the list ("0. Back", "00. Home")
     */
    public static List<Page> pages(String head, List<String> labels, String more, List<String> tail, int maxGsm, int maxUcs) {
        List<Page> pages = new ArrayList<>();
        if (labels.isEmpty()) return List.of(new Page(compose(head, labels, List.of(), null, tail), List.of(), false));
        int i = 0;
        while (true) {
            List<Integer> shown = new ArrayList<>();
            for (int j = i; j < labels.size() && shown.size() < 9; j++) {
                List<Integer> attempt = new ArrayList<>(shown);
                attempt.add(j);
                String text = compose(head, labels, attempt, j + 1 < labels.size() ? more : null, tail);
                if (!TextLength.fitsScreen(text, maxGsm, maxUcs)) break;
                shown = attempt;
            }
            if (shown.isEmpty()) throw new IllegalStateException("a list item does not fit a screen: " + labels.get(i));
            int last = shown.get(shown.size() - 1);
            boolean hasMore = last + 1 < labels.size();
            pages.add(new Page(compose(head, labels, shown, hasMore ? more : null, tail), List.copyOf(shown), hasMore));
            if (!hasMore) return pages;
            i = last + 1;
        }
    }

    /** The text of one page: the head, the shown items numbered from 1, "98. More" if given, the tail. */
    public static String render(String head, List<String> labels, List<Integer> shown, String more, List<String> tail) {
        return compose(head, labels, shown, more, tail);
    }

    private static String compose(String head, List<String> labels, List<Integer> shown, String more, List<String> tail) {
        StringBuilder s = new StringBuilder(head);
        int n = 1;
        for (int idx : shown) {
            if (s.length() > 0) s.append('\n');
            s.append(n++).append(". ").append(labels.get(idx));
        }
        if (more != null) s.append('\n').append(more);
        for (String t : tail) s.append('\n').append(t);
        return s.toString();
    }
}
