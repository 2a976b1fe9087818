package org.timebank.sms;

/**
 * Measures how long a text is in the units the network counts: GSM-7 septets (extension
 * characters count two) when the text is GSM-7, otherwise UTF-16 code units as sent in UCS-2
 * (a character outside the Basic Multilingual Plane, such as an emoji, is a surrogate pair and
 * counts two). Used to check that a text fits a USSD screen or other length limit.
 */
public final class TextLength {

    private TextLength() {
    }

    /** Septets for a GSM-7 text, UTF-16 code units otherwise. */
    public static int units(String text) {
        return Encoding.of(text) == Encoding.GSM_7 ? Gsm7.septets(text) : text.length();
    }

    /** True when the text's units are within the limit for its encoding. */
    public static boolean fitsScreen(String text, int maxGsmChars, int maxUcsChars) {
        int limit = Encoding.of(text) == Encoding.GSM_7 ? maxGsmChars : maxUcsChars;
        return units(text) <= limit;
    }
}
