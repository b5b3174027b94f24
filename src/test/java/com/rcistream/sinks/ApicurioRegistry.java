package com.rcistream.sinks;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import com.rcistream.testing.KafkaAndHttpPorts;

/**
 * A real Apicurio Registry 3.3.3 (the fast-jar the sinks profile unpacks into target/apicurio-registry), in memory, as
 * a process of its own on free ports of 127.0.0.1, run on a Java 21+ JDK (Temurin 25 here: the registry needs 21, the
 * build runs on 17); ready when its management port says so. Hands the bundle rci.schemas.registry-url.
 */
public final class ApicurioRegistry implements QuarkusTestResourceLifecycleManager {

    private static Process process;
    private static String url;

    /** Apicurio's own core API, version 2 (what its 2.6 serdes and Kafka Connect converters speak). */
    static String coreV2() {
        return url + "/apis/registry/v2";
    }

    /** The Confluent-compatible API's base URL. */
    static String ccompat() {
        return url + "/apis/ccompat/v7";
    }

    @Override
    public Map<String, String> start() {
        try {
            int port = KafkaAndHttpPorts.freePort(), management = KafkaAndHttpPorts.freePort();
            Path log = Files.createTempFile("apicurio-registry", ".log");
            process = new ProcessBuilder(List.of(
                            java(),
                            "-Xmx256m",
                            "-Dquarkus.http.host=127.0.0.1",
                            "-Dquarkus.http.port=" + port,
                            "-Dquarkus.management.host=127.0.0.1",
                            "-Dquarkus.management.port=" + management,
                            "-jar",
                            fastJar().toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            url = "http://127.0.0.1:" + port;
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + management + "/health/ready"))
                    .build();
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(500))
                    .failFast("the registry exited, see " + log, () -> !process.isAlive())
                    .until(() -> {
                        try {
                            return http.send(ready, HttpResponse.BodyHandlers.discarding())
                                            .statusCode()
                                    == 200;
                        } catch (IOException e) {
                            return false;
                        }
                    });
            return Map.of("rci.schemas.registry-url", ccompat());
        } catch (IOException e) {
            throw new IllegalStateException("cannot start Apicurio Registry", e);
        }
    }

    @Override
    public void stop() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    /** quarkus-run.jar under the unpacked archive (its top folder named after the version). */
    private static Path fastJar() throws IOException {
        Path home = Path.of(System.getProperty("registry.home", "target/apicurio-registry"));
        try (Stream<Path> files = Files.walk(home)) {
            return files.filter(p -> p.getFileName().toString().equals("quarkus-run.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IOException("no quarkus-run.jar under " + home + ": run with -Psinks"));
        }
    }

    /** A JDK of 21 or later: -Dregistry.java, else the newest Temurin under /usr/lib/jvm. */
    private static String java() throws IOException {
        String chosen = System.getProperty("registry.java");
        if (chosen != null) {
            return chosen;
        }
        try (Stream<Path> jdks = Files.list(Path.of("/usr/lib/jvm"))) {
            return jdks.filter(j -> j.getFileName().toString().matches("(temurin|java)-(2[1-9]|[3-9][0-9]).*"))
                    .map(j -> j.resolve("bin" + File.separator + "java"))
                    .filter(Files::isExecutable)
                    .max(Path::compareTo)
                    .map(Path::toString)
                    .orElseThrow(() -> new IOException("no JDK 21+ under /usr/lib/jvm for Apicurio Registry 3"));
        }
    }
}
