package org.timebank.sms;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SMS message catalogue: one UTF-8 properties file per {@link Language} on the classpath
 * ({@code org/timebank/sms/texts_<code>.properties}), each mapping a key to a template with
 * {@code {name}} placeholders. {@link #load()} refuses a catalogue where a key or a key's
 * placeholder set differs between languages, or where a template has a stray brace, so a
 * rendered text can never contain a leftover placeholder. Rendered texts go through
 * {@link Gsm7#normalise(String)} to stay GSM-7 whenever possible.
 */
public final class Texts {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9_]*)}");
    private static final String RESOURCE = "org/timebank/sms/%s_%s.properties";

    private final Map<Language, Map<String, String>> templates;
    private final Map<String, Set<String>> placeholders;

    private Texts(Map<Language, Map<String, String>> templates, Map<String, Set<String>> placeholders) {
        this.templates = templates;
        this.placeholders = placeholders;
    }

    /**
     * Reads the three catalogue files as strict UTF-8; throws IllegalStateException if one is
     * missing or unreadable, or if they are inconsistent.
     */
    public static Texts load() {
        return load("texts");
    }

    /**
     * Reads one catalogue: {@code texts} (SMS) or {@code screens} (USSD screens), one file per
     * language, checked as {@link #load()} checks.
     */
    public static Texts load(String catalogue) {
        Map<Language, Map<String, String>> byLanguage = new EnumMap<>(Language.class);
        for (Language language : Language.values()) {
            byLanguage.put(language, read(String.format(RESOURCE, catalogue, language.code())));
        }
        return of(byLanguage);
    }

    /** Builds a checked catalogue from templates per language (package-private for tests). */
    static Texts of(Map<Language, Map<String, String>> byLanguage) {
        Map<String, String> reference = byLanguage.getOrDefault(Language.EN, Map.of());
        Map<String, Set<String>> placeholders = new TreeMap<>();
        for (Map.Entry<String, String> entry : reference.entrySet()) {
            placeholders.put(entry.getKey(), Collections.unmodifiableSet(placeholdersOf(entry.getValue())));
        }
        Map<Language, Map<String, String>> copy = new EnumMap<>(Language.class);
        for (Language language : Language.values()) {
            Map<String, String> texts = byLanguage.get(language);
            if (texts == null) {
                throw new IllegalStateException("no texts for language " + language.code());
            }
            check(language, texts, placeholders);
            copy.put(language, Map.copyOf(texts));
        }
        return new Texts(copy, Collections.unmodifiableMap(placeholders));
    }

    /** Renders a template with {@code {name}} arguments; unknown key or missing argument throw. */
    public String render(Language lang, String key, Map<String, ?> args) {
        Objects.requireNonNull(lang, "lang");
        String template = templates.get(lang).get(key);
        if (template == null) {
            throw new IllegalArgumentException("unknown text key: " + key);
        }
        Map<String, ?> given = args == null ? Map.of() : args;
        Matcher matcher = PLACEHOLDER.matcher(template);
        String rendered = matcher.replaceAll(match -> {
            String name = match.group(1);
            Object value = given.get(name);
            if (value == null) {
                throw new IllegalArgumentException("missing argument {" + name + "} for " + key);
            }
            return Matcher.quoteReplacement(value.toString());
        });
        return Gsm7.normalise(rendered);
    }

    /** All keys of the catalogue, sorted. */
    public Set<String> keys() {
        return placeholders.keySet();
    }

    /** The placeholder names a key's template uses (the same in every language). */
    public Set<String> placeholders(String key) {
        Set<String> names = placeholders.get(key);
        if (names == null) {
            throw new IllegalArgumentException("unknown text key: " + key);
        }
        return names;
    }

    private static void check(Language language, Map<String, String> texts,
            Map<String, Set<String>> expected) {
        if (!texts.keySet().equals(expected.keySet())) {
            Set<String> extra = new TreeSet<>(texts.keySet());
            extra.removeAll(expected.keySet());
            Set<String> missing = new TreeSet<>(expected.keySet());
            missing.removeAll(texts.keySet());
            throw new IllegalStateException("texts_" + language.code() + " differs from texts_en: missing "
                    + missing + ", extra " + extra);
        }
        for (Map.Entry<String, String> entry : texts.entrySet()) {
            String template = entry.getValue();
            String stripped = PLACEHOLDER.matcher(template).replaceAll("");
            if (stripped.indexOf('{') >= 0 || stripped.indexOf('}') >= 0) {
                throw new IllegalStateException("stray brace in texts_" + language.code() + " " + entry.getKey());
            }
            Set<String> names = placeholdersOf(template);
            if (!names.equals(expected.get(entry.getKey()))) {
                throw new IllegalStateException("placeholders of " + entry.getKey() + " in texts_"
                        + language.code() + " are " + names + ", in texts_en " + expected.get(entry.getKey()));
            }
        }
    }

    private static Set<String> placeholdersOf(String template) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = PLACEHOLDER.matcher(template);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    private static Map<String, String> read(String resource) {
        ClassLoader loader = Texts.class.getClassLoader();
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            Properties properties = new Properties();
            try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder())) {
                properties.load(reader);
            }
            Map<String, String> texts = new TreeMap<>();
            for (String name : properties.stringPropertyNames()) {
                texts.put(name, properties.getProperty(name));
            }
            return texts;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }
}
