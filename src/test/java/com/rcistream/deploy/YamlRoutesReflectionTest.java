package com.rcistream.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * A YAML route calls beans by name (a method expression, a bean: endpoint, ${bean:...}) or classes by type, which
 * Camel reaches by reflection: a native image can call them only if they are registered. The first test checks the
 * annotation in every build; the second checks what the native build generated (reflect-config.json in the native
 * sources), and runs when .ci/run passes -Drci.native-sources after generating them.
 */
class YamlRoutesReflectionTest {

    static final List<Path> ROUTE_FOLDERS = List.of(Path.of("routes"), Path.of("examples/routes"));
    private static final Pattern BEAN_NAME = Pattern.compile("(?:^|[^\\w])(?:#bean:|\\$\\{bean:|bean:)([\\w-]+)");
    private static final Pattern CLASS_NAME = Pattern.compile("(?:#class:|#type:|\\$\\{type:|beanType:\\s*)([\\w.$]+)");

    @Test
    void everyClassAYamlRouteReachesIsRegisteredForReflection() throws Exception {
        Map<String, Class<?>> reached = reachedFromYaml();

        assertFalse(reached.isEmpty(), "the shipped fan-out calls the customRules bean: the scan found nothing");
        reached.forEach((what, type) -> assertTrue(
                type.isAnnotationPresent(RegisterForReflection.class),
                what + " (" + type.getName() + ") is called from a YAML route: annotate it @RegisterForReflection"));
    }

    @Test
    @EnabledIfSystemProperty(
            named = "rci.native-sources",
            matches = ".+",
            disabledReason =
                    "needs the native sources:"
                            + " ./mvnw package -DskipTests -Dnative -Dquarkus.native.sources-only=true, then -Drci.native-sources=target/native-sources")
    void everyClassAYamlRouteReachesIsInTheNativeImagesReflectionConfiguration() throws Exception {
        Map<String, JsonNode> registered = reflectConfig(Path.of(System.getProperty("rci.native-sources")));
        List<String> missing = new ArrayList<>();
        for (Class<?> type : reachedFromYaml().values()) {
            List<String> names = new ArrayList<>(List.of(type.getName()));
            if (type.isAnnotationPresent(ApplicationScoped.class)) {
                names.add(type.getName() + "_ClientProxy"); // what Camel really calls for a normal-scoped bean
            }
            for (String name : names) {
                JsonNode entry = registered.get(name);
                if (entry == null || !entry.path("allDeclaredMethods").asBoolean(false)) {
                    missing.add(name);
                }
            }
        }
        assertEquals(List.of(), missing, "classes the YAML routes reach whose methods the native image cannot call");
    }

    /** What the route files reach by reflection: "bean name" or "class" → the class. */
    static Map<String, Class<?>> reachedFromYaml() throws Exception {
        Map<String, Class<?>> beans = namedBeans();
        Map<String, Class<?>> reached = new TreeMap<>();
        for (Path file : routeFiles()) {
            Set<String> names = new TreeSet<>();
            Set<String> classes = new TreeSet<>();
            for (JsonNode document : new YAMLMapper()
                    .readerFor(JsonNode.class).readValues(file.toFile()).readAll().stream()
                            .map(JsonNode.class::cast)
                            .toList()) {
                walk(document, null, names, classes);
            }
            for (String name : names) {
                Class<?> type = beans.get(name);
                assertTrue(type != null, file + " calls bean '" + name + "', which no @Named class of the bundle is");
                reached.put("bean " + name, type);
            }
            for (String name : classes) {
                reached.put(
                        "class " + name, Class.forName(name, false, YamlRoutesReflectionTest.class.getClassLoader()));
            }
        }
        return reached;
    }

    private static void walk(JsonNode node, String key, Set<String> names, Set<String> classes) {
        if (node.isObject()) {
            if (("method".equals(key) || "bean".equals(key)) && node.has("ref")) {
                names.add(node.path("ref").asText());
            }
            if (node.has("beanType")) {
                classes.add(node.path("beanType").asText());
            }
            node.properties().forEach(e -> walk(e.getValue(), e.getKey(), names, classes));
        } else if (node.isArray()) {
            node.forEach(child -> walk(child, key, names, classes));
        } else if (node.isTextual()) {
            Matcher bean = BEAN_NAME.matcher(node.asText());
            while (bean.find()) {
                names.add(bean.group(1));
            }
            Matcher type = CLASS_NAME.matcher(node.asText());
            while (type.find()) {
                classes.add(type.group(1));
            }
        }
    }

    /** The bundle's beans by their @Named name, from the compiled classes. */
    private static Map<String, Class<?>> namedBeans() throws Exception {
        Path classes = Path.of("target/classes");
        Map<String, Class<?>> beans = new HashMap<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name =
                        classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> type = Class.forName(name, false, YamlRoutesReflectionTest.class.getClassLoader());
                Named named = type.getAnnotation(Named.class);
                if (named != null) {
                    beans.put(named.value(), type);
                }
            }
        }
        return beans;
    }

    private static List<Path> routeFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path folder : ROUTE_FOLDERS) {
            try (Stream<Path> list = Files.list(folder)) {
                list.filter(f -> f.toString().endsWith(".yaml")).sorted().forEach(files::add);
            }
        }
        return files;
    }

    /** The reflection configuration the native build generated, by class name. */
    private static Map<String, JsonNode> reflectConfig(Path nativeSources) throws IOException {
        Path runner;
        try (Stream<Path> list = Files.list(nativeSources)) {
            runner = list.filter(f -> f.getFileName().toString().endsWith("-runner.jar"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no *-runner.jar in " + nativeSources));
        }
        Map<String, JsonNode> byName = new HashMap<>();
        try (ZipFile jar = new ZipFile(runner.toFile())) {
            var entry = jar.getEntry("META-INF/native-image/reflect-config.json");
            assertTrue(entry != null, runner + " has no META-INF/native-image/reflect-config.json");
            try (InputStream in = jar.getInputStream(entry)) {
                new ObjectMapper()
                        .readTree(in)
                        .forEach(e -> byName.put(e.path("name").asText(), e));
            }
        }
        return byName;
    }
}
