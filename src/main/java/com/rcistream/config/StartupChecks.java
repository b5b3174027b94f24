package com.rcistream.config;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.camel.CamelContext;
import org.apache.camel.quarkus.main.events.BeforeConfigure;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

import com.rcistream.simulator.SimulatorConfig;

import io.quarkus.runtime.configuration.ConfigurationException;

/**
 * Refuses to start on a configuration that cannot work, with one sentence instead of a stack trace (Quarkus prints
 * only the message of a {@link ConfigurationException}). Runs before Camel loads the YAML routes, so a route file
 * that does not parse or names an unknown endpoint is reported by its file name.
 */
@ApplicationScoped
public class StartupChecks {

    private static final Set<String> ENDPOINT_KEYS = Set.of("uri", "to", "toD", "wireTap", "enrich", "pollEnrich", "from");

    private final RciConfig config;
    private final SimulatorConfig simulator;
    private final String routesIncludePattern;

    public StartupChecks(RciConfig config, SimulatorConfig simulator,
            @ConfigProperty(name = "camel.main.routes-include-pattern", defaultValue = "") String routesIncludePattern) {
        this.config = config;
        this.simulator = simulator;
        this.routesIncludePattern = routesIncludePattern;
    }

    void beforeRoutes(@Observes BeforeConfigure event) {
        checkConfiguration();
        checkRouteFiles(event.getMain().getCamelContext());
    }

    void checkConfiguration() {
        if (config.api().token().filter(t -> !t.isBlank()).isEmpty() && config.api().tokenFile().isEmpty()
                && !simulator.enabled()) {
            fail("No API token: set RCI_API_TOKEN (rci.api.token) to the account's token, or set"
                    + " rci.simulator.enabled=true to run against the built-in simulator.");
        }
        String base = config.api().baseUrl();
        URI uri;
        try {
            uri = URI.create(base);
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null || uri.getHost() == null
                || !Set.of("http", "https").contains(String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT))) {
            fail("rci.api.base-url '" + base + "' is not an absolute http(s) URL such as"
                    + " https://repeat-customer-insights.littlestreamsoftware.com/api/v1.");
        }
        if (config.api().requestsPerMinute() <= 0) {
            fail("rci.api.requests-per-minute is " + config.api().requestsPerMinute()
                    + ": it must be at least 1 (the account's budget is 60).");
        }
        if (!Set.of("changes", "all").contains(config.emit())) {
            fail("rci.emit is '" + config.emit() + "': it must be changes (publish only changed customers) or all.");
        }
        if (config.poll().interval().isNegative() || config.poll().interval().isZero()) {
            fail("rci.poll.interval must be longer than zero.");
        }
    }

    void checkRouteFiles(CamelContext context) {
        for (Path file : routeFiles()) {
            Object tree;
            try (Reader reader = Files.newBufferedReader(file)) {
                tree = new Load(LoadSettings.builder().build()).loadFromReader(reader);
            } catch (MarkedYamlEngineException e) {
                fail("Route file " + file + " does not parse: " + e.getProblem() + " at line "
                        + (e.getProblemMark().map(m -> m.getLine() + 1).orElse(0)) + ".");
                return;
            } catch (YamlEngineException | IOException e) {
                fail("Route file " + file + " cannot be read: " + e.getMessage() + ".");
                return;
            }
            for (String endpoint : endpointsOf(tree, new ArrayList<>())) {
                String scheme = endpoint.contains(":") ? endpoint.substring(0, endpoint.indexOf(':')) : endpoint;
                if (!scheme.contains("{{") && context.getComponent(scheme) == null) {
                    fail("Route file " + file + " names an unknown endpoint '" + endpoint + "': no Camel component '"
                            + scheme + "' is in this build.");
                }
            }
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
            try (DirectoryStream<Path> matches = Files.newDirectoryStream(dir, path.getFileName().toString())) {
                matches.forEach(files::add);
            } catch (IOException e) {
                fail("Route folder " + dir + " cannot be read: " + e.getMessage() + ".");
            }
        }
        files.sort(null);
        return files;
    }

    @SuppressWarnings("unchecked")
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

    private static void fail(String sentence) {
        throw new ConfigurationException(sentence);
    }
}
