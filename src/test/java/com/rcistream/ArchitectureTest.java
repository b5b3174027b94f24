package com.rcistream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The shape of src/main/java, read from its import lines: each package in its room, the rooms in layers that only
 * look down (so no two packages import each other, directly or around a circle), and no file too long to read. And
 * the quick loop stays quick: {@code ./mvnw test} (surefire) leaves out the tests tagged {@code application}, which
 * {@code ./mvnw verify} runs after the package (failsafe).
 */
class ArchitectureTest {

    private static final Path MAIN = Path.of("src/main/java");
    private static final Path TESTS = Path.of("src/test/java");
    private static final String APPLICATION_TAG = "@Tag(\"application\")", SINKS_TAG = "@Tag(\"sinks\")";
    private static final String ROOT = "com.rcistream.";
    private static final int MAX_LINES = 300;
    private static final Pattern IMPORT =
            Pattern.compile("^import\\s+(?:static\\s+)?(com\\.rcistream\\.[\\w.]+?)\\.[A-Z*]", Pattern.MULTILINE);

    /** The layers, bottom first: a package may import only packages of a lower layer. */
    private static final Map<String, Integer> LAYER = Map.ofEntries(
            Map.entry("exchange", 0),
            Map.entry("config", 1),
            Map.entry("simulator", 1),
            Map.entry("errors", 2),
            Map.entry("accounts", 2),
            Map.entry("api", 3),
            Map.entry("state", 3),
            Map.entry("topics", 3),
            Map.entry("events", 4),
            Map.entry("sweep", 5),
            Map.entry("refresh", 5),
            Map.entry("leader", 5));

    @Test
    void everyPackageImportsOnlyLayersBelowIt() {
        List<String> wrong = new ArrayList<>();
        imports().forEach((file, targets) -> {
            String from = packageOf(file);
            assertTrue(LAYER.containsKey(from), "package " + from + " (" + file + ") has no layer in ArchitectureTest");
            for (String to : targets) {
                assertTrue(LAYER.containsKey(to), "package " + to + " (imported by " + file + ") has no layer");
                if (!to.equals(from) && LAYER.get(to) >= LAYER.get(from)) {
                    wrong.add(file + " (" + from + ", layer " + LAYER.get(from) + ") imports " + to + " (layer "
                            + LAYER.get(to) + ")");
                }
            }
        });
        assertEquals(List.of(), wrong, "imports that look sideways or up");
    }

    @Test
    void packagesFormAGraphWithoutCycles() {
        Map<String, Set<String>> graph = new TreeMap<>();
        imports()
                .forEach((file, targets) -> graph.computeIfAbsent(packageOf(file), p -> new TreeSet<>())
                        .addAll(targets.stream()
                                .filter(t -> !t.equals(packageOf(file)))
                                .toList()));
        Set<String> done = new HashSet<>();
        for (String start : graph.keySet()) {
            List<String> cycle = cycleFrom(start, graph, new ArrayList<>(), done);
            assertEquals(List.of(), cycle, "packages that import each other in a circle");
        }
    }

    @Test
    void noMainFileIsLongerThan300Lines() {
        Map<String, Integer> tooLong = new TreeMap<>();
        javaFiles(MAIN).forEach(file -> {
            int lines = read(file).split("\n", -1).length - 1;
            if (lines > MAX_LINES) {
                tooLong.put(MAIN.relativize(file).toString(), lines);
            }
        });
        assertEquals(Map.of(), tooLong, "main files over " + MAX_LINES + " lines");
    }

    /** A @QuarkusTest without the tag would start Quarkus and a broker in the quick loop. */
    @Test
    void everyQuarkusTestIsTaggedForVerifyAndOnlyThose() {
        List<Path> quarkusTests = javaFiles(TESTS).stream()
                .filter(f -> read(f).contains("\n@QuarkusTest\n"))
                .toList();
        // or tagged sinks: those run only in the sinks profile (failsafe's sink-tests), never in surefire
        List<Path> tagged = javaFiles(TESTS).stream()
                .filter(f ->
                        read(f).contains("\n" + APPLICATION_TAG + "\n") || read(f).contains("\n" + SINKS_TAG + "\n"))
                .toList();
        assertTrue(quarkusTests.size() >= 10, "found the @QuarkusTests: " + quarkusTests);
        assertEquals(quarkusTests, tagged, "classes that are @QuarkusTest and those tagged " + APPLICATION_TAG);
    }

    private static List<String> cycleFrom(
            String node, Map<String, Set<String>> graph, List<String> path, Set<String> done) {
        if (path.contains(node)) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(node), path.size()));
            cycle.add(node);
            return cycle;
        }
        if (done.contains(node)) {
            return List.of();
        }
        path.add(node);
        for (String next : graph.getOrDefault(node, Set.of())) {
            List<String> cycle = cycleFrom(next, graph, path, done);
            if (!cycle.isEmpty()) {
                return cycle;
            }
        }
        path.remove(path.size() - 1);
        done.add(node);
        return List.of();
    }

    /** Every main file (relative path) with the com.rcistream packages it imports, below the root. */
    private static Map<String, Set<String>> imports() {
        Map<String, Set<String>> out = new TreeMap<>();
        javaFiles(MAIN).forEach(file -> {
            Set<String> targets = new TreeSet<>();
            Matcher m = IMPORT.matcher(read(file));
            while (m.find()) {
                targets.add(m.group(1).substring(ROOT.length()));
            }
            out.put(MAIN.relativize(file).toString(), targets);
        });
        assertTrue(out.size() > 50, "read the main sources: " + out.size());
        return out;
    }

    private static String packageOf(String relativeFile) {
        List<String> parts = Arrays.asList(relativeFile.split("/"));
        return parts.subList(2, parts.size() - 1).stream().collect(Collectors.joining("."));
    }

    private static List<Path> javaFiles(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
