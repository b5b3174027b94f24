package com.rcistream.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** Every example rule is tested: a file in examples/routes/ that no route test here loads fails the build. */
class ExampleRulesTest {

    private static final Path EXAMPLES = Path.of("examples/routes");
    private static final Path ROUTE_TESTS = Path.of("src/test/java/com/rcistream/routes");

    @Test
    void everyExampleRuleIsLoadedByARouteTest() throws IOException {
        List<String> examples = list(EXAMPLES, ".yaml");
        assertFalse(examples.isEmpty(), "read " + EXAMPLES.toAbsolutePath());
        String tests = String.join(
                "\n",
                list(ROUTE_TESTS, "RouteTest.java").stream()
                        .map(ExampleRulesTest::read)
                        .toList());
        List<String> untested = examples.stream()
                .filter(file -> !tests.contains("\"file:" + file + "\""))
                .toList();
        assertEquals(List.of(), untested, "example rules that no *RouteTest in " + ROUTE_TESTS + " loads");
    }

    private static List<String> list(Path dir, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(Path::toString)
                    .filter(name -> name.endsWith(suffix))
                    .sorted()
                    .toList();
        }
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
