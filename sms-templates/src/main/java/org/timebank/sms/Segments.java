package org.timebank.sms;

/**
 * Counts how many SMS messages (segments) a text is sent as. A single GSM-7 message holds 160
 * septets and a single UCS-2 message 70 units; a longer text is split into parts of 153 septets
 * or 67 units because each part carries a header. Splitting is done the way handsets and SMSCs
 * do it, character by character: an escape + extension character pair or a UTF-16 surrogate
 * pair is never cut in half, so it moves whole into the next part.
 */
public final class Segments {

    private static final int GSM_SINGLE = 160;
    private static final int GSM_PART = 153;
    private static final int UCS_SINGLE = 70;
    private static final int UCS_PART = 67;

    /** The encoding, length in units and number of segments of one text. */
    public record SmsShape(Encoding encoding, int units, int segments) {
    }

    private Segments() {
    }

    /** Number of segments the text is sent as; 0 for an empty text. */
    public static int count(String text) {
        return shape(text).segments();
    }

    /** Encoding, units and segment count of the text. */
    public static SmsShape shape(String text) {
        Encoding encoding = Encoding.of(text);
        int units = TextLength.units(text);
        int segments;
        if (units == 0) {
            segments = 0;
        } else if (encoding == Encoding.GSM_7) {
            segments = units <= GSM_SINGLE ? 1 : packGsm(text);
        } else {
            segments = units <= UCS_SINGLE ? 1 : packUcs(text);
        }
        return new SmsShape(encoding, units, segments);
    }

    private static int packGsm(String text) {
        int parts = 1;
        int used = 0;
        for (int i = 0; i < text.length(); i++) {
            int width = Gsm7.isExtension(text.charAt(i)) ? 2 : 1;
            if (used + width > GSM_PART) {
                parts++;
                used = 0;
            }
            used += width;
        }
        return parts;
    }

    private static int packUcs(String text) {
        int parts = 1;
        int used = 0;
        for (int i = 0; i < text.length(); ) {
            int width = Character.charCount(text.codePointAt(i));
            if (used + width > UCS_PART) {
                parts++;
                used = 0;
            }
            used += width;
            i += width;
        }
        return parts;
    }
}
