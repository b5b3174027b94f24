package com.rcistream.config;

import static com.rcistream.config.StartupChecks.fail;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.camel.CamelContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

import com.rcistream.exchange.Endpoints;
import com.rcistream.exchange.RouteConfigurations;

/**
 * Checks the YAML route files before Camel loads them, so that a mistake is reported by its file name in one
 * sentence: a file that does not parse, an endpoint no component of the build serves, or a {@code rule-*} route that
 * does not opt in to the error policy and the event contract (its failures would vanish and its records share ids).
 * Where a rule's records go is checked once the routes are loaded, on the route model ({@code topics/RuleTopics}),
 * since that follows the routes a rule calls across files.
 */
@ApplicationScoped
public class RouteFileChecks {

    private static final Set<String> ENDPOINT_KEYS =
            Set.of("uri", "to", "toD", "wireTap", "enrich", "pollEnrich", "from");

    private final String routesIncludePattern;

    public RouteFileChecks(
            @ConfigProperty(name = "camel.main.routes-include-pattern", defaultValue = "")
                    String routesIncludePattern) {
        this.routesIncludePattern = routesIncludePattern;
    }

    void check(CamelContext context) {
        for (Path file : routeFiles()) {
            Object tree = parse(file);
            for (String endpoint : endpointsOf(tree, new ArrayList<>())) {
                String scheme = endpoint.contains(":") ? endpoint.substring(0, endpoint.indexOf(':')) : endpoint;
                if (!scheme.contains("{{") && context.getComponent(scheme) == null) {
                    fail("Route file " + file + " names an unknown endpoint '" + endpoint + "': no Camel component '"
                            + scheme + "' is in this build.");
                }
            }
            checkRules(file, tree);
        }
    }

    /** The files matched by camel.main.routes-include-pattern's file: entries (a * glob in the file name only). */
    List<Path> routeFiles() {
        List<Path> files = new ArrayList<>();
        for (String entry : routesIncludePattern.split(",")) {
            String pattern = entry.trim();
            if (!pattern.startsWith("file:")) {
                continue;
            }
            Path path = Path.of(pattern.substring("file:".length()));
            Path dir = path.getParent() == null ? Path.of(".") : path.getParent();
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (DirectoryStream<Path> matches =
                    Files.newDirectoryStream(dir, path.getFileName().toString())) {
                matches.forEach(files::add);
            } catch (IOException e) {
                fail("Route folder " + dir + " cannot be read: " + e.getMessage() + ".");
            }
        }
        files.sort(null);
        return files;
    }

    private static Object parse(Path file) {
        try (Reader reader = Files.newBufferedReader(file)) {
            return new Load(LoadSettings.builder().build()).loadFromReader(reader);
        } catch (MarkedYamlEngineException e) {
            fail("Route file " + file + " does not parse: " + e.getProblem() + " at line "
                    + (e.getProblemMark().map(m -> m.getLine() + 1).orElse(0)) + ".");
        } catch (YamlEngineException | IOException e) {
            fail("Route file " + file + " cannot be read: " + e.getMessage() + ".");
        }
        return null;
    }

    /** Every rule route opts in to both route configurations, or the start stops naming the file and the route. */
    private static void checkRules(Path file, Object tree) {
        if (!(tree instanceof List<?> entries)) {
            return;
        }
        for (Object entry : entries) {
            if (entry instanceof Map<?, ?> map
                    && map.get("route") instanceof Map<?, ?> route
                    && String.valueOf(route.get("id")).startsWith(Endpoints.RULE_PREFIX)) {
                Object ids = route.get("routeConfigurationId");
                List<String> configured = ids == null
                        ? List.of()
                        : Arrays.stream(String.valueOf(ids).split(","))
                                .map(String::trim)
                                .toList();
                if (!configured.contains(RouteConfigurations.ERROR_POLICY)
                        || !configured.contains(RouteConfigurations.EVENT_CONTRACT)) {
                    fail("Route file " + file + " has a rule route '" + route.get("id")
                            + "' without routeConfigurationId: "
                            + RouteConfigurations.PUBLISHING
                            + ", so its failures would reach no dead-letter topic and its"
                            + " records would get no ce_id of their own.");
                }
            }
        }
    }

    private static List<String> endpointsOf(Object node, List<String> out) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> {
                if (ENDPOINT_KEYS.contains(String.valueOf(key)) && value instanceof String uri) {
                    out.add(uri);
                } else {
                    endpointsOf(value, out);
                }
            });
        } else if (node instanceof List<?> list) {
            list.forEach(item -> endpointsOf(item, out));
        }
        return out;
    }
}
