package com.rcistream.config;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.camel.quarkus.main.events.BeforeConfigure;
import org.apache.camel.util.TimeUtils;
import org.eclipse.microprofile.config.Config;

import io.quarkus.runtime.configuration.ConfigurationException;

/**
 * Refuses to start on a configuration that cannot work, with one sentence instead of a stack trace (Quarkus prints
 * only the message of a {@link ConfigurationException}). Runs before Camel loads the YAML routes, whose files
 * {@link RouteFileChecks} then checks.
 */
@ApplicationScoped
public class StartupChecks {

    private final RciConfig config;
    private final Config raw;
    private final RouteFileChecks routeFiles;

    public StartupChecks(RciConfig config, Config raw, RouteFileChecks routeFiles) {
        this.config = config;
        this.raw = raw;
        this.routeFiles = routeFiles;
    }

    void beforeRoutes(@Observes BeforeConfigure event) {
        checkConfiguration();
        routeFiles.check(event.getMain().getCamelContext());
    }

    void checkConfiguration() {
        if (config.api().token().filter(t -> !t.isBlank()).isEmpty() && config.api().tokenFile().isEmpty()) {
            fail("No API token: set RCI_API_TOKEN (rci.api.token) to the account's token, or rci.api.token-file to a"
                    + " file that holds it.");
        }
        config.api().tokenFile().ifPresent(StartupChecks::checkTokenFile);
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
        if ("http".equalsIgnoreCase(uri.getScheme()) && !loopback(uri.getHost()) && !config.api().allowInsecureHttp()) {
            fail("rci.api.base-url '" + base + "' is plain http to a host other than this machine, so the token would"
                    + " travel in clear text: use https, or set rci.api.allow-insecure-http=true on a network you trust.");
        }
        if (config.api().requestsPerMinute() <= 0) {
            fail("rci.api.requests-per-minute is " + config.api().requestsPerMinute()
                    + ": it must be at least 1 (the account's budget is 60).");
        }
        SettingsChecks.check(config);
        if (!Set.of("changes", "all").contains(config.emit())) {
            fail("rci.emit is '" + config.emit() + "': it must be changes (publish only changed customers) or all.");
        }
        readTheSameByCamel("rci.poll.interval", config.poll().interval());
        readTheSameByCamel("rci.poll.initial-delay", config.poll().initialDelay());
    }

    /**
     * The poll timer's URI takes these durations as placeholders, read by Camel's timer, whose time syntax differs from
     * Quarkus' at the edges: {@code 900} is 900 s to Quarkus but 900 ms to Camel, {@code PT15M} is zero to Camel. A
     * value both read alike (15m, 30s, 500ms) is required, so the timer does what the setting says.
     */
    private void readTheSameByCamel(String key, Duration meant) {
        String text = raw.getConfigValue(key).getValue();
        if (text == null) {
            return;
        }
        Duration camel;
        try {
            camel = TimeUtils.toDuration(text.trim());
        } catch (RuntimeException e) {
            camel = null;
        }
        if (!meant.equals(camel)) {
            fail(key + " is '" + text + "': write it with a unit Camel's timer reads the same way, such as 15m, 30s or"
                    + " 500ms.");
        }
    }

    /** Whether a URL's host is this machine (localhost, 127.0.0.0/8, ::1), told without asking DNS. */
    static boolean loopback(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (bare.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!bare.matches("[0-9.]+") && !bare.contains(":")) {
            return false;
        }
        try {
            return InetAddress.getByName(bare).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The token file wins over rci.api.token, so it must hold a token at start (while running, an empty one holds calls). */
    private static void checkTokenFile(Path file) {
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            fail("rci.api.token-file " + file + " cannot be read (" + e.getClass().getSimpleName() + "): mount the secret"
                    + " there, or unset rci.api.token-file and set RCI_API_TOKEN.");
            return;
        }
        if (content.isBlank()) {
            fail("rci.api.token-file " + file + " is empty: it must hold the account's API token.");
        }
    }

    static void fail(String sentence) {
        throw new ConfigurationException(sentence);
    }
}
