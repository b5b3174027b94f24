package com.rcistream.config;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;

import org.hibernate.validator.constraints.time.DurationMin;

import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import io.smallrye.config.WithParentName;

/**
 * docs/configuration.md's tables, written from the configuration mappings themselves: the key and its environment
 * variable from the method's name, the type, the default and the range from its annotations, the meaning from its
 * Javadoc (read from the source, since Javadoc does not survive compilation). The mapping is the one place a setting
 * is declared; this is its printout, as Kafka Connect prints ConfigDef.
 */
final class ConfigurationReference {

    static final String START =
            "<!-- generated from the configuration mappings: START (ConfigurationReferenceTest) -->";
    static final String END = "<!-- generated from the configuration mappings: END -->";

    private static final Pattern INTERFACE = Pattern.compile("^\\s*(?:public\\s+)?interface\\s+(\\w+)\\b");
    private static final Pattern METHOD =
            Pattern.compile("^\\s*(?!default\\b|static\\b|return\\b)[\\w.<>@(), ?]+\\s(\\w+)\\(\\);");

    /** One setting: its key, type, default, range and meaning. */
    record Setting(String key, String type, String defaultValue, String range, String meaning) {}

    private ConfigurationReference() {}

    /** The generated part of the page: one table for the bundle, one for the simulator. */
    static String markdown() throws IOException {
        StringBuilder out = new StringBuilder(START).append('\n');
        table(out, settings(RciConfig.class, "rci", Path.of("src/main/java/com/rcistream/config")));
        out.append("\nThe simulator (`rci.simulator.*`), for the demo and the tests; off in production:\n\n");
        table(
                out,
                settings(
                        com.rcistream.simulator.SimulatorConfig.class,
                        "rci.simulator",
                        Path.of("src/main/java/com/rcistream/simulator/SimulatorConfig.java")));
        return out.append(END).append('\n').toString();
    }

    static List<Setting> settings(Class<?> root, String prefix, Path source) throws IOException {
        // a group may be an interface of its own file: the Javadoc of every file of the mapping's package (or the file)
        Map<String, String> docs = new HashMap<>();
        try (var files = Files.isDirectory(source) ? Files.list(source) : java.util.stream.Stream.of(source)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                docs.putAll(javadocs(Files.readAllLines(file)));
            }
        }
        List<Setting> settings = new ArrayList<>();
        walk(root, prefix, docs, settings);
        settings.sort(Comparator.comparing(Setting::key));
        return settings;
    }

    private static void table(StringBuilder out, List<Setting> settings) {
        out.append("| Key | Environment variable | Type | Default | Range | Meaning |\n");
        out.append("|---|---|---|---|---|---|\n");
        for (Setting s : settings) {
            out.append("| `")
                    .append(s.key())
                    .append("` | ")
                    .append(environment(s.key()))
                    .append(" | ")
                    .append(s.type())
                    .append(" | ")
                    .append(s.defaultValue().isEmpty() ? "" : "`" + s.defaultValue() + "`")
                    .append(" | ")
                    .append(cell(s.range()))
                    .append(" | ")
                    .append(cell(s.meaning()))
                    .append(" |\n");
        }
    }

    private static void walk(Class<?> type, String prefix, Map<String, String> docs, List<Setting> out) {
        Method[] methods = type.getDeclaredMethods();
        Arrays.sort(methods, Comparator.comparing(Method::getName));
        for (Method method : methods) {
            if (method.isDefault()
                    || method.isSynthetic()
                    || method.getParameterCount() > 0
                    || Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            String key = prefix + "." + name(method);
            Class<?> returned = method.getReturnType();
            if (Map.class.isAssignableFrom(returned)
                    && method.getGenericReturnType() instanceof ParameterizedType map
                    && map.getActualTypeArguments()[1] instanceof Class<?> group) {
                // a map of groups: rci.rules.<route-id>.*; under its parent's name, rci.accounts.<account-id>.*
                boolean parent = method.isAnnotationPresent(WithParentName.class);
                walk(group, (parent ? prefix : key) + (parent ? ".<account-id>" : ".<route-id>"), docs, out);
            } else if (returned.isInterface() && returned.getName().startsWith("com.rcistream")) {
                walk(returned, key, docs, out);
            } else {
                String doc = docs.get(type.getSimpleName() + "." + method.getName());
                WithDefault value = method.getAnnotation(WithDefault.class);
                out.add(new Setting(
                        key, type(method), value == null ? "" : value.value(), range(method), doc == null ? "" : doc));
            }
        }
    }

    private static String name(Method method) {
        WithName name = method.getAnnotation(WithName.class);
        return name != null
                ? name.value()
                : method.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }

    private static String type(Method method) {
        String type = method.getGenericReturnType().getTypeName();
        Matcher optional = Pattern.compile("java\\.util\\.Optional<(.+)>").matcher(type);
        if (optional.matches()) {
            type = optional.group(1);
        }
        return switch (type.replaceAll(".*\\.", "")) {
            case "Duration" -> "duration";
            case "MemorySize" -> "size";
            case "int", "long", "Integer", "Short", "OptionalInt" -> "integer";
            case "double" -> "number";
            case "boolean" -> "boolean";
            case "Path" -> "path";
            case "String>" -> "list";
            default -> "string";
        };
    }

    /** The constraints of a setting as a reader writes ranges: at least 1, more than 0, at most 1. */
    private static String range(Method method) {
        List<Annotation> constraints = new ArrayList<>(List.of(method.getAnnotations()));
        AnnotatedType returned = method.getAnnotatedReturnType();
        if (returned instanceof AnnotatedParameterizedType optional) {
            constraints.addAll(List.of(optional.getAnnotatedActualTypeArguments()[0].getAnnotations()));
        }
        List<String> parts = new ArrayList<>();
        for (Annotation constraint : constraints) {
            if (constraint instanceof Min min) {
                parts.add("at least " + min.value());
            } else if (constraint instanceof DecimalMin min) {
                parts.add((min.inclusive() ? "at least " : "more than ") + min.value());
            } else if (constraint instanceof DecimalMax max) {
                parts.add((max.inclusive() ? "at most " : "less than ") + max.value());
            } else if (constraint instanceof DurationMin min) {
                parts.add(min.millis() == 0 ? "not negative" : "more than 0");
            } else if (constraint instanceof MinSize min) {
                parts.add("at least " + min.value());
            } else if (constraint instanceof jakarta.validation.constraints.Pattern pattern) {
                parts.add(pattern.message().replaceFirst("^must be ", ""));
            }
        }
        return String.join(", ", parts);
    }

    /** Javadoc by Interface.method, read line by line from the mapping's source. */
    static Map<String, String> javadocs(List<String> lines) {
        Map<String, String> docs = new HashMap<>();
        List<String> interfaces = new ArrayList<>();
        List<Integer> depths = new ArrayList<>();
        int depth = 0;
        StringBuilder doc = null;
        String pending = null;
        int open = 0;
        for (String line : lines) {
            String code = line.replaceAll("\"([^\"\\\\]|\\\\.)*\"", "\"\"");
            Matcher type = INTERFACE.matcher(code);
            if (type.find()) {
                interfaces.add(type.group(1));
                depths.add(depth);
            }
            if (code.contains("/**")) {
                doc = new StringBuilder();
            }
            if (doc != null) {
                // the comment as written: its quotes are prose, not string literals
                doc.append(' ')
                        .append(line.replaceAll("^\\s*/?\\*+/?|\\*/\\s*$", "").trim());
                if (code.contains("*/")) {
                    pending = doc.toString();
                    doc = null;
                }
                continue;
            }
            Matcher method = METHOD.matcher(code);
            if (method.find() && !interfaces.isEmpty()) {
                if (pending != null) {
                    docs.put(interfaces.get(interfaces.size() - 1) + "." + method.group(1), text(pending));
                }
                pending = null;
            } else if (open > 0 || code.trim().startsWith("@")) {
                // an annotation, perhaps over several lines, between the Javadoc and its method
                open += count(code, '(') - count(code, ')');
            } else if (!code.trim().startsWith("+") && !code.isBlank()) {
                pending = null;
            }
            depth += count(code, '{') - count(code, '}');
            while (!depths.isEmpty() && depth <= depths.get(depths.size() - 1) && code.contains("}")) {
                interfaces.remove(interfaces.size() - 1);
                depths.remove(depths.size() - 1);
            }
        }
        return docs;
    }

    private static String text(String javadoc) {
        return javadoc.replaceAll("\\{@code ([^}]*)}", "`$1`")
                .replaceAll("\\{@link #?([^}]*)}", "`$1`")
                .replaceAll("\\s+", " ")
                .trim();
    }

    /** Quarkus' environment variable for a key: every character but letters and digits an underscore, upper case. */
    static String environment(String key) {
        return key.contains("<")
                ? "(in the file)"
                : "`" + key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase() + "`";
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }

    private static int count(String text, char c) {
        return (int) text.chars().filter(ch -> ch == c).count();
    }

    static Optional<String> generatedPart(String page) {
        int start = page.indexOf(START);
        int end = page.indexOf(END);
        return start < 0 || end < start ? Optional.empty() : Optional.of(page.substring(start, end + END.length() + 1));
    }
}
