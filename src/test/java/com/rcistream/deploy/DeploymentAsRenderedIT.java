package com.rcistream.deploy;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.rcistream.testing.KafkaAndHttpPorts;
import com.rcistream.testing.KubernetesApi;
import com.rcistream.testing.PackagedApp;
import com.rcistream.testing.SecuredBroker;
import com.rcistream.testing.TestCertificates;
import com.rcistream.testing.TopicReader;

/**
 * The packaged application run the way the rendered Deployment runs it, as near as a test without a cluster gets:
 * the ConfigMaps' and the Secrets' files laid out at the mount paths (under a temporary root that stands for the
 * container's filesystem), the container's working directory and environment with those paths, and the JVM sized as
 * run-java.sh sizes it under the memory limit. The working directory holds nothing but what is mounted, so the
 * application reads its configuration, its routes and its token only where the Deployment puts them. The cluster is a
 * Kubernetes API server in this JVM holding the pod, Ready: with the Deployment's leader election, the pod sweeps once
 * it holds the Lease. The broker requires mutual TLS: the pod reaches it only through the stores and passwords of the
 * Secret rci-stream-kafka-tls, created as docs/kubernetes.md says and mounted where the Deployment mounts it.
 */
class DeploymentAsRenderedIT {

    static final String TOKEN = "token-from-the-secret";
    static final int CUSTOMERS = 60;
    static final String POLL_FAST = "\n# added by DeploymentAsRenderedIT\nrci.poll.interval=2s\n";
    static final String POD = "rci-stream-7d4b9c-x2k8p";

    /** The Secret that holds the Kafka stores, created as docs/kubernetes.md says. */
    static final String KAFKA_TLS = "rci-stream-kafka-tls";

    @TempDir
    static Path stores;

    /** A broker that requires mutual TLS: the pod reaches it only with both stores from the mounted Secret. */
    static SecuredBroker kafka;

    static TestCertificates certs;

    @RegisterExtension
    static KubernetesApi kubernetes = new KubernetesApi();

    @TempDir
    Path pod;

    @BeforeAll
    static void startKafka() {
        certs = TestCertificates.createIn(stores);
        kafka = SecuredBroker.tls(certs, true);
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    @Test
    void readsConfigurationRoutesAndARotatedTokenFromTheMountsFitsTheLimitAndStopsWithinTheGracePeriod()
            throws Exception {
        Manifests manifests = Manifests.rendered();
        JsonNode container = manifests.container();
        Map<String, Map<String, byte[]>> secrets = secrets();
        List<String> mountPaths = new ArrayList<>();
        Path tokenFile = null;
        for (JsonNode mount : container.path("volumeMounts")) {
            String mountPath = mount.path("mountPath").asText();
            mountPaths.add(mountPath);
            JsonNode volume = manifests.volume(mount.path("name").asText());
            if (volume.has("configMap")) {
                JsonNode data = byName(
                                manifests, volume.path("configMap").path("name").asText())
                        .path("data");
                if (mount.has("subPath")) {
                    Path file = reroot(mountPath);
                    Files.createDirectories(file.getParent());
                    // One line more than the ConfigMap holds, which only this file can bring: the build already
                    // carries the repository's application.properties as defaults, so an unchanged value would
                    // prove nothing. Without it, the next sweep would come only after 15 minutes.
                    Files.writeString(
                            file, data.path(mount.path("subPath").asText()).asText() + POLL_FAST);
                } else {
                    Path dir = Files.createDirectories(reroot(mountPath));
                    for (var entry : data.properties()) {
                        Files.writeString(
                                dir.resolve(entry.getKey()), entry.getValue().asText());
                    }
                }
            } else if (volume.has("secret")) {
                // as the kubelet mounts a Secret: a file per key, an empty folder for an optional one that is absent
                String secret = volume.path("secret").path("secretName").asText();
                Path dir = Files.createDirectories(reroot(mountPath));
                Map<String, byte[]> data = secrets.get(secret);
                assertTrue(
                        data != null || volume.path("secret").path("optional").asBoolean(), "no Secret " + secret);
                for (var entry : data == null ? Map.<String, byte[]>of().entrySet() : data.entrySet()) {
                    Files.write(dir.resolve(entry.getKey()), entry.getValue());
                }
                if (secret.equals("rci-stream-api-token")) {
                    tokenFile = dir.resolve("token");
                }
            } else {
                Files.createDirectories(reroot(mountPath));
            }
        }
        assertTrue(tokenFile != null, "the token's Secret is mounted");

        int port = KafkaAndHttpPorts.freePort();
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode from : container.path("envFrom")) {
            byName(manifests, from.path("configMapRef").path("name").asText())
                    .path("data")
                    .properties()
                    .forEach(e -> env.put(e.getKey(), e.getValue().asText()));
        }
        for (JsonNode var : container.path("env")) {
            if (var.has("value")) {
                env.put(var.path("name").asText(), reroot(var.path("value").asText(), mountPaths));
            } else if (var.path("valueFrom").has("secretKeyRef")) {
                JsonNode ref = var.path("valueFrom").path("secretKeyRef");
                byte[] value = secrets.getOrDefault(ref.path("name").asText(), Map.of())
                        .get(ref.path("key").asText());
                assertTrue(value != null || ref.path("optional").asBoolean(), "no key for " + var.path("name"));
                if (value != null) {
                    env.put(var.path("name").asText(), reroot(new String(value, StandardCharsets.UTF_8), mountPaths));
                }
            } else if (var.path("valueFrom").has("fieldRef")) {
                env.put(
                        var.path("name").asText(),
                        downwardApi(var.path("valueFrom")
                                .path("fieldRef")
                                .path("fieldPath")
                                .asText()));
            }
        }
        // The cluster: its API server, which the pod's service account would point the client at, and the pod itself,
        // Running and Ready, with the labels of the Deployment's template (leader election takes only such members).
        env.putAll(kubernetes.clientEnvironment());
        kubernetes.podIs(
                POD,
                labels(manifests
                        .one("Deployment")
                        .path("spec")
                        .path("template")
                        .path("metadata")
                        .path("labels")),
                true);
        for (String store : List.of("KAFKA_SSL_TRUSTSTORE_LOCATION", "KAFKA_SSL_KEYSTORE_LOCATION")) {
            assertTrue(
                    env.containsKey(store) && Files.isRegularFile(Path.of(env.get(store))),
                    store + " names a file of the mounted Secret " + KAFKA_TLS + ": " + env.get(store));
        }
        // What only a test sets: its broker and port, and the simulator, which accepts the token the Secret will hold.
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.put("RCI_API_BASE_URL", "http://127.0.0.1:" + port + "/api/v1");
        env.put("RCI_SIMULATOR_ENABLED", "true");
        env.put("RCI_SIMULATOR_TOKEN", TOKEN);
        env.put("RCI_SIMULATOR_CUSTOMERS", String.valueOf(CUSTOMERS));
        env.put("RCI_SIMULATOR_PAGE_SIZE", "20");
        env.put("RCI_SIMULATOR_RATE_LIMIT_REQUESTS", "6000");
        env.put("RCI_API_REQUESTS_PER_MINUTE", "6000");
        env.put("RCI_POLL_INITIAL_DELAY", "100ms");

        long limitMiB = Long.parseLong(container
                .path("resources")
                .path("limits")
                .path("memory")
                .asText()
                .replace("Mi", ""));
        Path log = pod.resolve("application.log");
        Process app = start(reroot(container.path("workingDir").asText()), env, limitMiB, log);
        try {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + port;
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> !app.isAlive() || status(http, base + "/q/health/started") == 200);
            assertTrue(app.isAlive(), "the application stopped:\n" + Files.readString(log));
            assertEquals(200, status(http, base + "/q/health/live"));

            // The token in the mounted Secret is refused: polling held, readiness DOWN, the alert's gauge at 1.
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> gauge(http, base, "rci_api_token_refused") == 1.0);
            assertEquals(503, status(http, base + "/q/health/ready"));

            // The Secret rotates (the kubelet swaps the file): the application takes the new token by itself.
            Path next = tokenFile.resolveSibling("..token.new");
            Files.writeString(next, TOKEN + "\n");
            Files.move(next, tokenFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() ->
                            TopicReader.readAll(kafka.client(), "rci.customers").size() >= CUSTOMERS);
            assertEquals(200, status(http, base + "/q/health/ready"));
            assertEquals(0.0, gauge(http, base, "rci_api_token_refused"));
            assertEquals(
                    CUSTOMERS,
                    TopicReader.readAll(kafka.client(), "rci.customers").size());
            assertEquals(POD, kubernetes.leaseHolder("leaders-rci-stream"), "the pod swept as the leader of its Lease");
            // Only routes/fan-out.yaml, read from the routes mount, publishes the marketing topics.
            assertFalse(
                    TopicReader.readAll(kafka.client(), "rci.customers.email-marketing")
                            .isEmpty(),
                    "the mounted fan-out route ran");

            long rss = residentMiB(app);
            System.out.printf("DeploymentAsRenderedIT: %d MiB resident after the sweep, limit %d MiB%n", rss, limitMiB);
            assertTrue(
                    rss < limitMiB * 8 / 10,
                    "the process uses " + rss + " MiB, under 80% of the " + limitMiB + " MiB limit");

            long grace =
                    manifests.podSpec().path("terminationGracePeriodSeconds").asLong();
            long stopping = System.nanoTime();
            app.destroy(); // SIGTERM, as the kubelet sends it
            assertTrue(
                    app.waitFor(grace, TimeUnit.SECONDS),
                    "stopped within terminationGracePeriodSeconds (" + grace + " s)");
            assertTrue(Duration.ofNanos(System.nanoTime() - stopping).toSeconds() < grace);
            assertTrue(
                    Files.readString(log).contains("rci-stream stopped in"), "Quarkus stopped cleanly:\n" + tail(log));
        } finally {
            app.destroyForcibly();
            app.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /**
     * The Secrets an operator creates before applying: the token (one the simulator refuses, until it rotates), the
     * Kafka security protocol, and the stores with their settings exactly as the command in docs/kubernetes.md
     * creates them (its files and passwords the test's own).
     */
    private static Map<String, Map<String, byte[]>> secrets() throws IOException {
        Map<String, byte[]> tls = new LinkedHashMap<>();
        Map<String, Path> files = Map.of("truststore.p12", certs.truststore(), "keystore.p12", certs.clientKeystore());
        Map<String, Object> client = kafka.client();
        Manifests.documentedSecret(Path.of("docs/kubernetes.md"), KAFKA_TLS).forEach((key, value) -> {
            try {
                tls.put(
                        key,
                        value.startsWith("file:")
                                ? Files.readAllBytes(files.get(key))
                                : String.valueOf(key.endsWith("password") ? client.get(key) : value)
                                        .getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        return Map.of(
                "rci-stream-api-token",
                Map.of("token", "a-token-the-api-refuses\n".getBytes(StandardCharsets.UTF_8)),
                "rci-stream-kafka",
                Map.of("security.protocol", "SSL".getBytes(StandardCharsets.UTF_8)),
                KAFKA_TLS,
                tls);
    }

    /** What the downward API gives the container for a field of its pod. */
    private static String downwardApi(String fieldPath) {
        return switch (fieldPath) {
            case "metadata.name" -> POD;
            case "metadata.namespace" -> KubernetesApi.NAMESPACE;
            default -> throw new AssertionError("the test does not stand in for the pod's " + fieldPath);
        };
    }

    private static Map<String, String> labels(JsonNode labels) {
        Map<String, String> out = new LinkedHashMap<>();
        labels.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    /** A path of the container, under the temporary root that stands for the pod's filesystem. */
    private Path reroot(String containerPath) {
        return pod.resolve(containerPath.substring(1));
    }

    /** An environment value with every mount path in it (at its start, after a scheme or a comma) re-rooted. */
    private String reroot(String value, List<String> mountPaths) {
        String alternatives = mountPaths.stream()
                .sorted(Comparator.comparing(String::length).reversed())
                .map(Pattern::quote)
                .collect(Collectors.joining("|"));
        Matcher m = Pattern.compile("(^|[:,=])(" + alternatives + ")(?=/|$|,)").matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + reroot(m.group(2))));
        }
        m.appendTail(out);
        return out.toString();
    }

    private Process start(Path workingDir, Map<String, String> env, long limitMiB, Path log) throws IOException {
        // What run-java.sh passes in the JVM image, with the container's memory limit as the machine's memory.
        String ratio = env.getOrDefault("JAVA_MAX_MEM_RATIO", "50");
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:MaxRAM=" + limitMiB + "m",
                "-XX:MaxRAMPercentage=" + ratio,
                "-XX:+UseParallelGC",
                "-XX:+ExitOnOutOfMemoryError",
                "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                "-jar",
                Path.of(PackagedApp.jar()).toAbsolutePath().toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(Files.createDirectories(workingDir).toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment()
                .keySet()
                .removeIf(name -> name.startsWith("RCI_")
                        || name.startsWith("KAFKA_")
                        || name.startsWith("QUARKUS_")
                        || name.startsWith("CAMEL_")
                        || name.startsWith("KUBERNETES_")
                        || name.equals("HOSTNAME"));
        builder.environment().putAll(env);
        return builder.start();
    }

    private static JsonNode byName(Manifests manifests, String renderedName) {
        return manifests.all("ConfigMap").stream()
                .filter(c -> renderedName.equals(c.path("metadata").path("name").asText()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no ConfigMap " + renderedName + " is rendered"));
    }

    private static int status(HttpClient http, String url) {
        try {
            return http.send(
                            HttpRequest.newBuilder(URI.create(url))
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static double gauge(HttpClient http, String base, String name) throws Exception {
        String metrics = http.send(
                        HttpRequest.newBuilder(URI.create(base + "/q/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        Matcher m = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*})? (\\S+)").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    /** The process's resident memory, from /proc (Linux). */
    private static long residentMiB(Process process) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        throw new AssertionError("no VmRSS for pid " + process.pid());
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
