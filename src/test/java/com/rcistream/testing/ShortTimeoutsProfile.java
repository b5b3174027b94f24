package com.rcistream.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * A read timeout of 1 s, a deadline of 2 s per request, answers of 256 KiB at most, a Retry-After cap of 2 s, the API's
 * limiter and the throttle at 600 a minute, 400 customers in pages of 40; and the token from a file, as Kubernetes
 * mounts a secret: the application FaultsTest, BoundedAnswersTest and TokenFileTest share, so that Quarkus starts it
 * once for the three. TokenFileTest rotates the file and writes {@link #TOKEN} back when it is done.
 */
public class ShortTimeoutsProfile implements QuarkusTestProfile {

    /** The simulator's token (src/test/resources/application.properties), as the file holds it. */
    public static final String TOKEN = "test-token-7f3c9a1e";

    public static final Path TOKEN_FILE = tokenFile();

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "rci.api.read-timeout", "1s",
                "rci.api.request-timeout", "2s",
                "rci.api.max-body-size", "256K",
                "rci.api.retry-after-max", "2s",
                "rci.api.requests-per-minute", "600",
                "rci.simulator.rate-limit.requests", "600",
                "rci.simulator.customers", "400",
                "rci.simulator.page-size", "40",
                "rci.api.token-file", TOKEN_FILE.toString());
    }

    /** The file back as the application started with it. */
    public static void restoreTokenFile() {
        write(TOKEN_FILE);
    }

    private static Path tokenFile() {
        try {
            Path file = Files.createTempFile("rci-token", ".secret");
            file.toFile().deleteOnExit();
            return write(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path write(Path file) {
        try {
            Files.writeString(file, TOKEN + "\n");
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
