package org.timebank.sms;

import java.util.Objects;

/**
 * The GSM 03.38 default alphabet: its 127 printable basic characters (plus LF and CR) and the
 * extension table reached through an escape septet, so that extension characters cost two
 * septets. Besides membership and septet counting, it can replace common typographic
 * look-alikes (curly quotes, dashes, ellipsis, odd spaces, bullets) by their plain GSM
 * equivalents, so a text pasted from a word processor does not silently become UCS-2.
 */
public final class Gsm7 {

    /** Basic table in code order, without the escape code 0x1B. */
    private static final String BASIC =
            "@£$¥èéùìòÇ\nØø\rÅå"
            + "Δ_ΦΓΛΩΠΨΣΘΞ\u00C6\u00E6\u00DF\u00C9"
            + " !\"#¤%&'()*+,-./"
            + "0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNO"
            + "PQRSTUVWXYZÄÖÑÜ§"
            + "¿abcdefghijklmno"
            + "pqrstuvwxyzäöñüà";

    /** Extension table: form feed and the characters sent as escape + code. */
    private static final String EXTENSION = "\f^{}\\[~]|€";

    private Gsm7() {
    }

    /** True when every character of the text is in the basic or extension table. */
    public static boolean isGsm7(String text) {
        Objects.requireNonNull(text, "text");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (BASIC.indexOf(c) < 0 && EXTENSION.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    /** True when the character is in the extension table and so costs two septets. */
    public static boolean isExtension(char c) {
        return EXTENSION.indexOf(c) >= 0;
    }

    /** Number of septets the text takes; throws IllegalArgumentException if it is not GSM-7. */
    public static int septets(String text) {
        if (!isGsm7(text)) {
            throw new IllegalArgumentException("text is not GSM-7: " + text);
        }
        int septets = 0;
        for (int i = 0; i < text.length(); i++) {
            septets += isExtension(text.charAt(i)) ? 2 : 1;
        }
        return septets;
    }

    /** The text with typographic look-alikes replaced by plain GSM characters. */
    public static String replaceLookAlikes(String text) {
        Objects.requireNonNull(text, "text");
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String plain = lookAlike(c);
            if (plain == null) {
                out.append(c);
            } else {
                out.append(plain);
            }
        }
        return out.toString();
    }

    /** The look-alike-free text if that is GSM-7, else the original text unchanged. */
    public static String normalise(String text) {
        String replaced = replaceLookAlikes(text);
        return isGsm7(replaced) ? replaced : text;
    }

    private static String lookAlike(char c) {
        switch (c) {
            case '\u2018': case '\u2019': case '\u201A': case '\u201B':
            case '\u2032': case '\u2039': case '\u203A':
                return "'";
            case '\u201C': case '\u201D': case '\u201E': case '\u201F':
            case '\u2033': case '\u00AB': case '\u00BB':
                return "\"";
            case '\u2010': case '\u2011': case '\u2012': case '\u2013':
            case '\u2014': case '\u2015': case '\u2212': case '\uFE58':
            case '\uFE63': case '\uFF0D':
                return "-";
            case '\u2026':
                return "...";
            case '\u00A0': case '\u1680': case '\u2000': case '\u2001':
            case '\u2002': case '\u2003': case '\u2004': case '\u2005':
            case '\u2006': case '\u2007': case '\u2008': case '\u2009':
            case '\u200A': case '\u202F': case '\u205F': case '\u3000':
                return " ";
            case '\u2022':
                return "*";
            default:
                return null;
        }
    }
}
