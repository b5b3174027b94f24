package com.rcistream.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.camel.quarkus.main.events.BeforeConfigure;
import org.eclipse.microprofile.config.Config;

import io.quarkus.runtime.configuration.ConfigurationException;

/**
 * Refuses to start on a configuration that cannot work, with one sentence instead of a stack trace (Quarkus prints
 * only the message of a {@link ConfigurationException}): settings that contradict each other, a token file that
 * cannot be read. Runs before Camel loads the YAML routes, whose files {@link RouteFileChecks} then checks. A setting's
 * own range is a constraint on {@link RciConfig}, checked by Quarkus before this.
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
        SettingsChecks.check(config, raw);
        if (config.accounts().tokenDir().isPresent()) {
            // the accounts' tokens replace the one token: its file is not read
            checkTokenDir(config.accounts().tokenDir().get());
        } else {
            config.api().tokenFile().ifPresent(StartupChecks::checkTokenFile);
        }
    }

    /** The token directory must be there to be read (its accounts may come later: a Secret updated in place). */
    private static void checkTokenDir(Path directory) {
        if (!Files.isDirectory(directory) || !Files.isReadable(directory)) {
            fail("rci.accounts.token-dir " + directory + " is not a directory this process can read: mount the"
                    + " Secret of the accounts' tokens there as a volume (not with subPath).");
        }
    }

    /** The token file wins over rci.api.token, so it must hold a token at start (while running, an empty one holds calls). */
    private static void checkTokenFile(Path file) {
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            fail("rci.api.token-file " + file + " cannot be read ("
                    + e.getClass().getSimpleName() + "): mount the secret"
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
