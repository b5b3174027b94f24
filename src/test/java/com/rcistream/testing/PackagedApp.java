package com.rcistream.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the packaged application (target/quarkus-app) as a separate process from the repository root. */
public final class PackagedApp {

    /** What a finished run left: its exit code and everything it printed. */
    public record Run(int exitCode, String output) {}

    private PackagedApp() {}

    /** A running application and the file its output goes to. */
    public record Started(Process process, Path log) {
        public String output() throws IOException {
            return Files.readString(log, StandardCharsets.UTF_8);
        }
    }

    /** Starts the application with the given system properties; the caller ends it. */
    public static Started start(List<String> systemProperties) throws IOException {
        return start(systemProperties, Map.of());
    }

    /** Starts the application with the given system properties and environment variables; the caller ends it. */
    public static Started start(List<String> systemProperties, Map<String, String> environment) throws IOException {
        Path log = Files.createTempFile("rci-app", ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions());
        command.add("-Dquarkus.http.port=0");
        command.addAll(systemProperties);
        command.add("-jar");
        command.add(jar());
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().remove("RCI_API_TOKEN");
        builder.environment().putAll(environment);
        return new Started(builder.start(), log);
    }

    /** Starts the application with the given system properties and waits (bounded) for it to exit by itself. */
    public static Run runToExit(List<String> systemProperties, long timeoutSeconds)
            throws IOException, InterruptedException {
        return runToExit(systemProperties, Map.of(), timeoutSeconds);
    }

    /** The same, with environment variables besides. */
    public static Run runToExit(List<String> systemProperties, Map<String, String> environment, long timeoutSeconds)
            throws IOException, InterruptedException {
        Started started = start(systemProperties, environment);
        Process process = started.process();
        Path log = started.log();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the application did not exit within " + timeoutSeconds + " s:\n"
                    + Files.readString(log, StandardCharsets.UTF_8));
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Files.deleteIfExists(log);
        return new Run(process.exitValue(), output);
    }

    /**
     * System properties for one sweep of the built-in simulator (on a free port, 600 requests a minute, no wait at
     * start), after which the application exits by itself.
     */
    public static List<String> oneSimulatedSweep(int customers, int pageSize) {
        int port = KafkaAndHttpPorts.freePort();
        return List.of(
                "-Dquarkus.http.port=" + port,
                "-Drci.api.base-url=http://127.0.0.1:" + port + "/api/v1",
                "-Drci.simulator.enabled=true",
                "-Drci.api.token=sim-token",
                "-Drci.simulator.customers=" + customers,
                "-Drci.simulator.page-size=" + pageSize,
                "-Drci.simulator.rate-limit.requests=600",
                "-Drci.api.requests-per-minute=600",
                "-Drci.poll.initial-delay=100ms",
                "-Drci.poll.max-sweeps=1");
    }

    /**
     * The JVM options every start takes before the caller's, which win over them: failsafe's {@code it.rci-jvm-options}
     * (the client compiler only, so that the processes of two tests at once start quicker on two cores); none when run
     * otherwise (a benchmark, an IDE).
     */
    static List<String> jvmOptions() {
        String options = System.getProperty("it.rci-jvm-options", "").trim();
        return options.isEmpty() ? List.of() : List.of(options.split("\\s+"));
    }

    public static String jar() {
        String jar = System.getProperty("it.rci-jar", "target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(Path.of(jar))) {
            throw new AssertionError("no packaged application at " + jar + ": run ./mvnw verify");
        }
        return jar;
    }
}
