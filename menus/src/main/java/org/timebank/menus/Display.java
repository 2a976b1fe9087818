package org.timebank.menus;

/** How people and texts are shown to members: a first name only, and texts cut to fit. Pure. */
public final class Display {
    private Display() {}

    /** The first word of a name ("-" when there is none): what other members see of a person. */
    public static String firstWord(String name) {
        if (name == null || name.isBlank()) return "-";
        String t = name.trim();
        int sp = t.indexOf(' ');
        return sp < 0 ? t : t.substring(0, sp);
    }

    /** Text cut to at most {@code max} characters, marked with a dot where cut. */
    public static String clip(String text, int max) {
        if (text == null) return "-";
        return text.length() <= max ? text : text.substring(0, Math.max(0, max - 1)) + ".";
    }
}
