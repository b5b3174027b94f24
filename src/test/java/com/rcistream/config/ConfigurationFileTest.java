package com.rcistream.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/**
 * The integrator's application.properties is a template: every line commented out, showing the built-in default, so
 * that the checkout's file sets nothing (the build bakes nothing of it in, a key deleted from a mounted copy falls back
 * to the built-in default, and the test and demo profiles need no ordinal to win over it).
 */
class ConfigurationFileTest {

    private static final Pattern ENTRY = Pattern.compile("^(#?)\\s*([a-z%][\\w.%\"-]*)\\s*=(.*)$");

    private final List<String> lines = read(Path.of("application.properties"));

    @Test
    void theTemplateSetsNothingAndEachLineHasItsComment() {
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = ENTRY.matcher(lines.get(i));
            if (m.find()) {
                assertEquals("#", m.group(1), "application.properties sets " + m.group(2) + ": show it commented out");
                String previous = i == 0 ? "" : lines.get(i - 1).trim();
                assertTrue(
                        previous.startsWith("#") && !ENTRY.matcher(previous).find(),
                        m.group(2) + " has no comment line above it");
            }
        }
        assertTrue(
                lines.size() <= 60,
                "a template of a few dozen lines, the rest in docs/configuration.md: " + lines.size());
    }

    @Test
    void everyRciKeyInTheTemplateIsOneTheBundleReads() throws IOException {
        List<String> known =
                ConfigurationReference.settings(RciConfig.class, "rci", Path.of("src/main/java/com/rcistream/config"))
                        .stream()
                        .map(s -> s.key())
                        .toList();
        for (Map.Entry<String, String> entry : entries().entrySet()) {
            String key = entry.getKey();
            if (key.startsWith("rci.")) {
                assertTrue(
                        known.stream()
                                .anyMatch(pattern -> key.matches(Pattern.quote(pattern)
                                        .replace("<route-id>", "\\E[^.]+\\Q")
                                        .replace("<account-id>", "\\E[^.]+\\Q"))),
                        "application.properties shows " + key + ", which nothing reads");
            }
        }
    }

    @Test
    void aValueShownIsTheBuiltInDefault() throws IOException {
        Map<String, String> defaults =
                ConfigurationReference.settings(RciConfig.class, "rci", Path.of("src/main/java/com/rcistream/config"))
                        .stream()
                        .filter(s -> !s.defaultValue().isEmpty())
                        .collect(Collectors.toMap(
                                ConfigurationReference.Setting::key, ConfigurationReference.Setting::defaultValue));
        Properties builtIn = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of("src/main/resources/application.properties"))) {
            builtIn.load(reader);
        }
        builtIn.forEach((key, value) -> defaults.put((String) key, (String) value));
        for (Map.Entry<String, String> entry : entries().entrySet()) {
            String builtInValue = defaults.get(entry.getKey());
            if (builtInValue != null) {
                assertEquals(
                        builtInValue,
                        entry.getValue(),
                        entry.getKey() + " is shown with another value than its default");
            }
        }
    }

    @Test
    void theTemplateHoldsNoProfileSetting() {
        for (String line : lines) {
            assertFalse(
                    line.replaceFirst("^#\\s*", "").startsWith("%"),
                    "a profile's setting in the integrator's"
                            + " application.properties (test settings live in src/test/resources, the demo's in the built-in"
                            + " file): " + line);
        }
    }

    private Map<String, String> entries() {
        return lines.stream()
                .map(ENTRY::matcher)
                .filter(Matcher::find)
                .collect(Collectors.toMap(m -> m.group(2), m -> m.group(3).trim()));
    }

    private static List<String> read(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
