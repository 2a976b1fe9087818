package org.timebank.ledger;

import java.text.Normalizer;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The words a post is found by, for PostgreSQL's {@code simple} text search: Latin-script words in
 * lower case with a light plural fold, and Chinese (which has no spaces) as overlapping character bigrams, so "修理門鎖"
 * is found by "門鎖". Pure.
 */
public final class SearchText {
    private SearchText() {}

    private static final Set<String> STOP = Set.of("a", "an", "the", "to", "for", "of", "in", "on", "and", "or", "my", "me", "i",
            "someone", "somebody", "can", "need", "needs", "help", "with", "is", "it", "at", "who", "please", "na", "ya", "wa", "kwa");

    /** The search words of a text, deduplicated, in order. */
    public static Set<String> words(String text) {
        Set<String> out = new LinkedHashSet<>();
        if (text == null) return out;
        String t = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        StringBuilder word = new StringBuilder(), han = new StringBuilder();
        for (int i = 0; i < t.length(); ) {
            int cp = t.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN) {
                flushWord(word, out);
                han.appendCodePoint(cp);
            } else if (Character.isLetterOrDigit(cp)) {
                flushHan(han, out);
                word.appendCodePoint(cp);
            } else {
                flushWord(word, out);
                flushHan(han, out);
            }
        }
        flushWord(word, out);
        flushHan(han, out);
        return out;
    }

    private static void flushWord(StringBuilder w, Set<String> out) {
        String word = w.toString();
        if (word.length() >= 2 && !STOP.contains(word)) out.add(singular(word));
        w.setLength(0);
    }

    /** A light plural fold so "doors" finds "door": a trailing s off words longer than 3 (not "ss"). */
    static String singular(String word) {
        return word.length() > 3 && word.endsWith("s") && !word.endsWith("ss") && !Character.isDigit(word.charAt(0))
                ? word.substring(0, word.length() - 1) : word;
    }

    private static void flushHan(StringBuilder h, Set<String> out) {
        int[] cps = h.codePoints().toArray();
        if (cps.length == 1) out.add(new String(cps, 0, 1));
        for (int i = 0; i + 1 < cps.length; i++) out.add(new String(cps, i, 2));
        h.setLength(0);
    }

    /** The text stored for a post's search vector. */
    public static String document(String text) {
        return String.join(" ", words(text));
    }

    /** An OR query over the words ({@code to_tsquery('simple', …)}), or null when there is none. */
    public static String anyOf(String text) {
        Set<String> w = words(text);
        return w.isEmpty() ? null : String.join(" | ", w);
    }
}
