package org.timebank.sms;

import java.util.Locale;
import java.util.Optional;

/**
 * The languages a member can receive SMS texts in: English, Traditional Chinese and Kiswahili.
 * Each language has a short lower-case code ({@code en}, {@code zh}, {@code sw}) that is used to
 * pick the matching message catalogue file and that members or staff may type in, so
 * {@link #fromCode(String)} is forgiving about case and surrounding spaces.
 */
public enum Language {
    EN("en"),
    /** Traditional Chinese (繁體中文). */
    ZH("zh"),
    /** Kiswahili as used in Kenya. */
    SW("sw");

    private final String code;

    Language(String code) {
        this.code = code;
    }

    /** The lower-case language code, e.g. {@code "sw"}. */
    public String code() {
        return code;
    }

    /** The language for a code such as {@code " ZH "}; empty when null or unknown. */
    public static Optional<Language> fromCode(String code) {
        if (code == null) {
            return Optional.empty();
        }
        String wanted = code.trim().toLowerCase(Locale.ROOT);
        for (Language language : values()) {
            if (language.code.equals(wanted)) {
                return Optional.of(language);
            }
        }
        return Optional.empty();
    }
}
