package com.rcistream.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.rcistream.simulator.SimulatorConfig;

/**
 * The integrator's application.properties against the keys the bundle reads: a key set but never read (a typo)
 * or a key read but not documented in the file both fail here.
 */
class ConfigurationFileTest {

    private static final Pattern ENTRY = Pattern.compile("^#?\\s*(%[\\w-]+\\.)?(rci\\.[\\w.-]+)\\s*=");

    private final List<String> lines = read();

    @Test
    void everyRciKeyInTheFileIsOneTheBundleReads() {
        Set<String> known = known();
        for (String key : keysInFile(false)) {
            assertTrue(known.stream().anyMatch(pattern -> matches(pattern, key)),
                    "application.properties sets " + key + ", which nothing reads");
        }
    }

    @Test
    void everyKeyTheBundleReadsIsInTheFileWithAComment() {
        Set<String> inFile = keysInFile(true);
        Set<String> missing = new TreeSet<>(known());
        missing.removeIf(pattern -> inFile.stream().anyMatch(key -> matches(pattern, key)));
        missing.removeIf(key -> key.startsWith("rci.simulator.") && !key.equals("rci.simulator.enabled"));
        assertEquals(Set.of(), missing, "keys the bundle reads that application.properties does not document");
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = ENTRY.matcher(lines.get(i));
            if (m.find() && m.group(1) == null) {
                String previous = i == 0 ? "" : lines.get(i - 1).trim();
                assertTrue(previous.startsWith("#") && !ENTRY.matcher(previous).find(),
                        m.group(2) + " has no comment line above it");
            }
        }
    }

    @Test
    void theIntegratorsFileHoldsNoTestSetting() {
        for (String line : lines) {
            assertTrue(!line.startsWith("%test."), "a test setting in the integrator's application.properties (it belongs"
                    + " in src/test/resources/application.properties): " + line);
        }
    }

    /** A key of a mapped map (rci.rules.*.topics) matches any map key in place of the star. */
    private static boolean matches(String pattern, String key) {
        return key.matches(Pattern.quote(pattern).replace("*", "\\E[^.]+\\Q"));
    }

    private Set<String> keysInFile(boolean includeCommentedOut) {
        Set<String> keys = new TreeSet<>();
        for (String line : lines) {
            Matcher m = ENTRY.matcher(line);
            if (m.find() && (includeCommentedOut || !line.startsWith("#"))) {
                keys.add(m.group(2));
            }
        }
        return keys;
    }

    /** The keys of the config mappings, walked the way SmallRye names them (kebab-case, nested groups). */
    static Set<String> known() {
        Set<String> keys = new TreeSet<>();
        walk(RciConfig.class, "rci", keys);
        walk(SimulatorConfig.class, "rci.simulator", keys);
        return keys;
    }

    private static void walk(Class<?> type, String prefix, Set<String> keys) {
        for (Method method : type.getDeclaredMethods()) {
            if (method.isDefault() || method.isSynthetic() || method.getParameterCount() > 0
                    || java.lang.reflect.Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            String key = prefix + "." + method.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
            Class<?> returned = method.getReturnType();
            if (Map.class.isAssignableFrom(returned)
                    && method.getGenericReturnType() instanceof ParameterizedType map
                    && map.getActualTypeArguments()[1] instanceof Class<?> group) {
                walk(group, key + ".*", keys);
            } else if (returned.isInterface() && returned.getName().startsWith("com.rcistream")) {
                walk(returned, key, keys);
            } else {
                keys.add(key);
            }
        }
    }

    private static List<String> read() {
        try {
            return Files.readAllLines(Path.of("application.properties"));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
