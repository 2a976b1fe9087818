package org.timebank.sms;

/**
 * The two SMS data codings a text can be sent with. GSM-7 packs 160 characters in one message
 * but only knows the GSM 03.38 alphabet; any other character (Chinese, emoji, ...) forces the
 * whole message into UCS-2, which holds only 70 UTF-16 units per message. {@link #of(String)}
 * tells which one a given text needs.
 */
public enum Encoding {
    GSM_7("GSM-7"),
    UCS_2("UCS-2");

    private final String label;

    Encoding(String label) {
        this.label = label;
    }

    /** The usual name of the coding, e.g. {@code "GSM-7"}. */
    public String label() {
        return label;
    }

    /** GSM_7 when every character is in the GSM 03.38 basic or extension table, else UCS_2. */
    public static Encoding of(String text) {
        return Gsm7.isGsm7(text) ? GSM_7 : UCS_2;
    }
}
