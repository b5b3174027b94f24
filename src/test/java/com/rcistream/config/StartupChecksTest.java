package com.rcistream.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quarkus.runtime.configuration.ConfigurationException;
import io.smallrye.config.SmallRyeConfig;

import com.rcistream.testing.Settings;

/** The token file is read at start: one that cannot hold a token stops it, saying what to mount. */
class StartupChecksTest {

    @TempDir
    Path dir;

    @Test
    void emptyTokenFileStopsTheStart() throws Exception {
        Path empty = Files.writeString(dir.resolve("token"), "\n");

        assertEquals(
                "rci.api.token-file " + empty + " is empty: it must hold the account's API token.", failure(empty));
    }

    @Test
    void missingTokenFileSaysWhatToMount() {
        Path absent = dir.resolve("absent");

        assertEquals(
                "rci.api.token-file " + absent + " cannot be read (NoSuchFileException): mount the secret there, or"
                        + " unset rci.api.token-file and set RCI_API_TOKEN.",
                failure(absent));
    }

    @Test
    void tokenFileWithATokenPasses() throws Exception {
        checks(Files.writeString(dir.resolve("token"), "a-token\n")).checkConfiguration();
    }

    private static String failure(Path tokenFile) {
        StartupChecks checks = checks(tokenFile);
        return assertThrows(ConfigurationException.class, checks::checkConfiguration)
                .getMessage();
    }

    private static StartupChecks checks(Path tokenFile) {
        SmallRyeConfig config = Settings.with("rci.api.token", null, "rci.api.token-file", tokenFile.toString());
        return new StartupChecks(Settings.rci(config), config, new RouteFileChecks(""));
    }
}
