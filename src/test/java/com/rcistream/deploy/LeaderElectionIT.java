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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.fabric8.mockwebserver.http.RecordedRequest;

import com.fasterxml.jackson.databind.JsonNode;
import com.rcistream.testing.EmbeddedKafka;
import com.rcistream.testing.KafkaAndHttpPorts;
import com.rcistream.testing.KubernetesApi;
import com.rcistream.testing.PackagedApp;
import com.rcistream.testing.PackagedApp.Started;
import com.rcistream.testing.TopicReader;
import com.rcistream.testing.TopicWriter;

/**
 * Two replicas of the packaged application on one Kafka broker, one Kubernetes API server (fabric8's mock, in CRUD
 * mode, in this JVM; the test plays the kubelet's part and keeps each process's Pod object Running and Ready, or not)
 * and one simulated RCI API, served by a third process that neither sweeps nor consumes: only the leader calls the
 * API; when it goes, killed or stopped, the other takes over within the lease duration and resumes from the Kafka
 * checkpoint, every customer lands and at most the pages in flight are published twice.
 */
class LeaderElectionIT {

    static final String LEASE = "leaders-rci-stream";
    static final Map<String, String> MEMBER = Map.of("app.kubernetes.io/name", "rci-stream");
    static final int CUSTOMERS = 200;
    static final int PAGE = 10;
    static final int PAGES_IN_FLIGHT = 2;
    static final Duration LEASE_DURATION = Duration.ofSeconds(3);
    static final Duration RETRY_PERIOD = Duration.ofMillis(500);
    /**
     * A's pace: 20 s a sweep, so that B starts and A is killed in the middle of it, even when B's JVM starts slowly
     * (at 10 s a sweep, A once finished before B was Ready, with other tests' processes on the same two cores).
     */
    static final int SLOW = 60;
    /** The others' pace: nothing waits on it but the end of their sweeps (the simulator allows 6,000). */
    static final int FAST = 600;
    /**
     * From the moment the old leader's pod stops being Ready to the new leader's first API call: a retry period with
     * its jitter to notice, the lease duration Camel waits before it leads, the master consumer's 1 s before it starts
     * the timer, the timer's initial delay; and some slack for two busy cores.
     */
    static final Duration TAKEOVER = LEASE_DURATION
            .plus(RETRY_PERIOD.multipliedBy(2))
            .plusSeconds(1)
            .plusMillis(100)
            .plusSeconds(4);

    @RegisterExtension
    static EmbeddedKafka kafka = new EmbeddedKafka();

    @RegisterExtension
    static KubernetesApi kubernetes = new KubernetesApi();

    static Started api;
    static int apiPort;
    final HttpClient http = HttpClient.newHttpClient();
    final List<Started> started = new ArrayList<>();

    @BeforeAll
    static void startTheApi() throws Exception {
        apiPort = KafkaAndHttpPorts.freePort();
        api = PackagedApp.start(List.of(
                "-Dquarkus.http.port=" + apiPort,
                "-Dkafka.bootstrap.servers=" + kafka.bootstrapServers(),
                "-Drci.simulator.enabled=true",
                "-Drci.simulator.customers=" + CUSTOMERS,
                "-Drci.simulator.page-size=" + PAGE,
                "-Drci.simulator.rate-limit.requests=6000",
                "-Drci.api.token=sim-token",
                "-Drci.poll.enabled=false",
                "-Drci.refresh.enabled=false"));
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .until(() ->
                        !api.process().isAlive() || status(HttpClient.newHttpClient(), apiPort, "/_sim/stats") == 200);
        assertTrue(api.process().isAlive(), "the simulator process stopped:\n" + api.output());
    }

    @AfterAll
    static void stopTheApi() throws Exception {
        if (api != null) {
            api.process().destroyForcibly();
            api.process().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @AfterEach
    void stopReplicas() throws InterruptedException {
        for (Started replica : started) {
            replica.process().destroyForcibly();
            replica.process().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void onlyTheLeaderSweepsAndTheStandbyTakesOverFromTheCheckpointWhenTheLeaderIsKilledOrStopped() throws Exception {
        // A starts alone, finds no Lease, creates it and leads at once.
        kubernetes.podIs("rci-a", MEMBER, true);
        Replica a = replica("rci-a", SLOW);
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> a.died()
                        || "rci-a".equals(kubernetes.leaseHolder(LEASE))
                                && !customers().isEmpty());
        assertFalse(a.died(), a.output());

        // B starts while A sweeps: Ready, standing by, and calling nothing.
        kubernetes.podIs("rci-b", MEMBER, true);
        Replica b = replica("rci-b", FAST);
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> b.died() || status(http, b.port(), "/q/health/ready") == 200);
        assertFalse(b.died(), b.output());
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> a.died() || customers().size() >= CUSTOMERS / 3);
        assertFalse(a.died(), a.output());
        assertTrue(customers().size() < CUSTOMERS, "A is killed in the middle of its sweep, not after it");
        assertTrue(apiCalls(a) > 0, "the leader calls the API");
        assertEquals(0, apiCalls(b), "the standby calls nothing:\n" + b.output());
        assertEquals(200, status(http, b.port(), "/q/health/ready"), "the standby stays Ready, so that it can lead");
        assertEquals("rci-a", kubernetes.leaseHolder(LEASE));
        assertFalse(
                Pattern.compile("sweep \\S+ (started|resumes)")
                        .matcher(b.output())
                        .find(),
                "the standby started no sweep:\n" + b.output());

        // A is killed (SIGKILL: no shutdown, the Lease still names it); its container is no longer Ready.
        a.process().destroyForcibly();
        a.process().waitFor(30, TimeUnit.SECONDS);
        kubernetes.podIs("rci-a", MEMBER, false);
        long gone = System.nanoTime();
        await().atMost(TAKEOVER).pollInterval(Duration.ofMillis(100)).until(() -> apiCalls(b) > 0);
        Duration takeover = Duration.ofNanos(System.nanoTime() - gone);
        System.out.printf(
                "LeaderElectionIT: B called the API %d ms after A's pod stopped being Ready%n", takeover.toMillis());
        assertEquals("rci-b", kubernetes.leaseHolder(LEASE));
        assertTrue(takeover.compareTo(LEASE_DURATION) >= 0, "B waited the lease duration before leading: " + takeover);

        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> b.died() || keys(customers()).size() == CUSTOMERS);
        assertTrue(b.output().contains("resumes from the checkpoint"), "B resumed A's sweep:\n" + b.output());
        List<ConsumerRecord<String, String>> afterFailover = customers();
        assertEquals(CUSTOMERS, keys(afterFailover).size(), "every customer is on rci.customers");
        int repeated = afterFailover.size() - CUSTOMERS;
        assertTrue(
                repeated <= PAGES_IN_FLIGHT * PAGE,
                "at most the pages in flight are published again: " + repeated + " records twice");

        // A comes back (the kubelet restarted its container): it stands by, the Lease stays with B.
        Replica a2 = replica("rci-a", FAST);
        kubernetes.podIs("rci-a", MEMBER, true);
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> a2.died() || status(http, a2.port(), "/q/health/ready") == 200);
        await().during(LEASE_DURATION.plus(RETRY_PERIOD))
                .atMost(LEASE_DURATION.multipliedBy(3))
                .until(() -> "rci-b".equals(kubernetes.leaseHolder(LEASE)) && apiCalls(a2) == 0);

        // B is stopped as Kubernetes stops a pod (SIGTERM, then the pod is gone): A takes over and sweeps again.
        b.process().destroy();
        assertTrue(b.process().waitFor(60, TimeUnit.SECONDS), "B stopped within the grace period");
        kubernetes.podGone("rci-b");
        gone = System.nanoTime();
        await().atMost(TAKEOVER).pollInterval(Duration.ofMillis(100)).until(() -> apiCalls(a2) > 0);
        System.out.printf(
                "LeaderElectionIT: A called the API %d ms after B's pod was deleted%n",
                Duration.ofNanos(System.nanoTime() - gone).toMillis());
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> a2.died() || customers().size() >= afterFailover.size() + CUSTOMERS);
        assertEquals(
                afterFailover.size() + CUSTOMERS, customers().size(), "A's sweep, a whole one, published each once");
        assertEquals("rci-a", kubernetes.leaseHolder(LEASE));

        // The refresh consumer moved with the lead, with the settings RefreshRoute gives its endpoint: the leader
        // fetches the customer asked for, publishes it and commits the request.
        String id = afterFailover.get(0).key();
        TopicWriter.send(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                "rci.customers.refresh-requests",
                id,
                id);
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> committedRefreshRequests() == 1);
        assertEquals(afterFailover.size() + CUSTOMERS + 1, customers().size(), "the refreshed customer, once more");

        assertCallsAreWhatTheRoleAllows();
    }

    /** Every call the replicas made to the API server is one the Role in k8s/ allows (when kubectl can render it). */
    private void assertCallsAreWhatTheRoleAllows() throws InterruptedException {
        Set<String> calls = kubernetes.callsByOthers().stream()
                .map(LeaderElectionIT::verb)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(
                Set.of(
                        "coordination.k8s.io/leases get",
                        "coordination.k8s.io/leases create",
                        "coordination.k8s.io/leases update",
                        "/pods list"),
                calls,
                "what Camel's leader election calls");
        if (Manifests.kubectl() == null) {
            System.out.println(
                    "LeaderElectionIT: kubectl is not on the PATH, the calls are not compared with the Role");
            return;
        }
        Set<String> allowed = new TreeSet<>();
        for (JsonNode rule : Manifests.rendered().one("Role").path("rules")) {
            rule.path("apiGroups")
                    .forEach(group -> rule.path("resources")
                            .forEach(resource -> rule.path("verbs")
                                    .forEach(verb -> allowed.add(
                                            group.asText() + "/" + resource.asText() + " " + verb.asText()))));
        }
        assertEquals(allowed, calls, "the Role allows exactly what the replicas called");
    }

    /** An API server request as RBAC sees it: apiGroup/resource and verb. */
    private static String verb(RecordedRequest request) {
        Matcher m = Pattern.compile("^/(?:api/v1|apis/([^/]+)/[^/]+)/namespaces/[^/]+/([^/?]+)(/[^/?]+)?")
                .matcher(request.getPath());
        assertTrue(m.find(), "an unexpected call: " + request.getMethod() + " " + request.getPath());
        String group = m.group(1) == null ? "" : m.group(1);
        boolean named = m.group(3) != null;
        String verb = switch (request.getMethod()) {
            case "GET" -> named ? "get" : request.getPath().contains("watch=true") ? "watch" : "list";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> "delete";
            default -> request.getMethod();
        };
        return group + "/" + m.group(2) + " " + verb;
    }

    /** One replica of the bundle, as the Deployment runs it, with short lease settings and this many calls a minute. */
    private Replica replica(String pod, int requestsPerMinute) throws IOException {
        int port = KafkaAndHttpPorts.freePort();
        Started process = PackagedApp.start(
                List.of(
                        "-Dquarkus.http.port=" + port,
                        "-Dkafka.bootstrap.servers=" + kafka.bootstrapServers(),
                        "-Drci.api.base-url=http://127.0.0.1:" + apiPort + "/api/v1",
                        "-Drci.api.token=sim-token",
                        "-Drci.api.requests-per-minute=" + requestsPerMinute,
                        "-Drci.poll.initial-delay=100ms",
                        "-Drci.poll.interval=1h",
                        "-Drci.emit=all",
                        "-Drci.publish.pages-in-flight=" + PAGES_IN_FLIGHT,
                        "-Drci.leader-election.enabled=true",
                        "-Drci.leader-election.pod-name=" + pod,
                        "-Drci.leader-election.pod-selector=app.kubernetes.io/name=rci-stream",
                        "-Drci.leader-election.lease-duration=" + LEASE_DURATION.toMillis() + "ms",
                        "-Drci.leader-election.renew-deadline=2s",
                        "-Drci.leader-election.retry-period=" + RETRY_PERIOD.toMillis() + "ms"),
                kubernetes.clientEnvironment());
        Replica replica = new Replica(process, port);
        started.add(process);
        return replica;
    }

    record Replica(Started started, int port) {
        Process process() {
            return started.process();
        }

        boolean died() {
            return !started.process().isAlive();
        }

        String output() throws IOException {
            return started.output();
        }
    }

    /** The API calls a replica sent (Camel's exchanges of its call route), from its own /q/metrics. */
    private double apiCalls(Replica replica) throws Exception {
        String metrics = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + replica.port() + "/q/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        Matcher m = Pattern.compile("(?m)^camel_exchanges_total\\{[^}]*routeId=\"send-request\"[^}]*} (\\S+)")
                .matcher(metrics);
        double calls = 0;
        while (m.find()) {
            calls += Double.parseDouble(m.group(1));
        }
        return calls;
    }

    /** The offsets the refresh consumers' group committed, over every partition of the request topic. */
    private static long committedRefreshRequests() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            return admin
                    .listConsumerGroupOffsets("rci-stream-refresh")
                    .partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS)
                    .values()
                    .stream()
                    .mapToLong(OffsetAndMetadata::offset)
                    .sum();
        }
    }

    private static List<ConsumerRecord<String, String>> customers() {
        return TopicReader.readAll(kafka.bootstrapServers(), "rci.customers");
    }

    private static Set<String> keys(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(ConsumerRecord::key).collect(Collectors.toSet());
    }

    private static int status(HttpClient http, int port, String path) {
        try {
            return http.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
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
}
