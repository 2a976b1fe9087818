package org.timebank.ledger;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Optional;

/**
 * Phone numbers as the ledger stores them: E.164 ({@code +85291234567}), read from any local or
 * international spelling against the deployment's default region.
 */
public final class Phones {
    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private final String defaultRegion;
    /**
     * Numbers already read: every USSD hop and SMS names its caller's number, and parsing one with
     * libphonenumber allocates more than the rest of a hop. The answer depends on the spelling alone.
     */
    private final Cache<String, Optional<String>> read = Caffeine.newBuilder().executor(Runnable::run).maximumSize(50_000).build();

    public Phones(String defaultRegion) {
        if (!isSupportedRegion(defaultRegion)) throw new IllegalArgumentException("unknown region " + defaultRegion);
        this.defaultRegion = defaultRegion;
    }

    public static boolean isSupportedRegion(String region) {
        return region != null && UTIL.getSupportedRegions().contains(region);
    }

    /** The E.164 form of a number typed by a person or sent by a provider, if it is a valid one. */
    public Optional<String> normalise(String raw) {
        if (raw == null) return Optional.empty();
        String cleaned = raw.trim();
        if (cleaned.isEmpty() || cleaned.length() > 32) return Optional.empty();
        return read.get(cleaned, this::parse);
    }

    private Optional<String> parse(String cleaned) {
        try {
            PhoneNumber n = UTIL.parse(cleaned, defaultRegion);
            if (!UTIL.isValidNumber(n)) {
                // "85291234567" written without the plus: try it as international.
                if (!cleaned.startsWith("+") && cleaned.matches("[0-9 ().-]{8,}")) {
                    PhoneNumber intl = UTIL.parse("+" + cleaned, defaultRegion);
                    if (UTIL.isValidNumber(intl)) n = intl;
                    else return Optional.empty();
                } else return Optional.empty();
            }
            return Optional.of(UTIL.format(n, PhoneNumberUtil.PhoneNumberFormat.E164));
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }

    /** What other members see of a number: country code and last three digits ({@code +852****567}). */
    public static String mask(String e164) {
        if (e164 == null || e164.length() < 6) return "****";
        try {
            PhoneNumber n = UTIL.parse(e164, "ZZ");
            String cc = "+" + n.getCountryCode();
            return cc + "****" + e164.substring(e164.length() - 3);
        } catch (NumberParseException e) {
            return "****" + e164.substring(e164.length() - 3);
        }
    }
}
