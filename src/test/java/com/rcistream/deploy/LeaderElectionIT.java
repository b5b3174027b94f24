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
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * API; when it goes, killed, stopped or no longer Ready, the other takes over within the lease duration and resumes
 * from the Kafka checkpoint, every customer lands and at most the pages in flight are published twice; a pod that
 * leads again publishes only what changed since the other last published (rci.emit=changes).
 */
class LeaderElectionIT {

    static final String LEASE = "leaders-rci-stream";
    static final Map<String, String> MEMBER = Map.of("app.kubernetes.io/name", "rci-stream");
    static final int CUSTOMERS = 200;
    static final int PAGE = 10;
    static final int PAGES_IN_FLIGHT = 2;
    static final Duration LEASE_DURATION = Duration.ofSeconds(2);
    static final Duration RENEW_DEADLINE = Duration.ofMillis(1500);
    static final Duration RETRY_PERIOD = Duration.ofMillis(500);
    /**
     * A's pace, a page a second: B is Ready before A starts sweeping (both start together), and A is killed after its
     * third page, long before its twentieth.
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

    /** The client compiler only: three JVMs start at once on two cores, and none runs long enough to need C2. */
    static final String QUICK_START = "-XX:TieredStopAtLevel=1";

    @RegisterExtension
    static EmbeddedKafka kafka = new EmbeddedKafka();

    @RegisterExtension
    static KubernetesApi kubernetes = new KubernetesApi();

    static Started api;
    static int apiPort;
    final HttpClient http = HttpClient.newHttpClient();
    final List<Started> started = new ArrayList<>();

    /** The simulator starts; the test awaits it once its replicas are starting too (three JVMs start at once). */
    @BeforeAll
    static void startTheApi() throws Exception {
        apiPort = KafkaAndHttpPorts.freePort();
        api = PackagedApp.start(List.of(
                QUICK_START,
                "-Dquarkus.http.port=" + apiPort,
                "-Dkafka.bootstrap.servers=" + kafka.bootstrapServers(),
                "-Drci.simulator.enabled=true",
                "-Drci.simulator.customers=" + CUSTOMERS,
                "-Drci.simulator.page-size=" + PAGE,
                "-Drci.simulator.rate-limit.requests=6000",
                "-Drci.api.token=sim-token",
                "-Drci.poll.enabled=false",
                "-Drci.refresh.enabled=false"));
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
    void onlyTheLeaderSweepsTheStandbyTakesOverFromTheCheckpointAndALeaderAgainPublishesOnlyNewChanges()
            throws Exception {
        // A and B start together; A's pod is Ready first, finds no Lease, creates it and leads at once.
        kubernetes.podIs("rci-a", MEMBER, false);
        kubernetes.podIs("rci-b", MEMBER, false);
        Replica a = replica("rci-a", SLOW);
        Replica b = replica("rci-b", FAST);
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> !api.process().isAlive() || status(http, apiPort, "/_sim/stats") == 200);
        assertTrue(api.process().isAlive(), "the simulator process stopped:\n" + api.output());
        awaitReady(a);
        kubernetes.podIs("rci-a", MEMBER, true);
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> a.died() || "rci-a".equals(kubernetes.leaseHolder(LEASE)));
        assertFalse(a.died(), a.output());

        // B is Ready too, standing by while A sweeps, and calling nothing.
        awaitReady(b);
        kubernetes.podIs("rci-b", MEMBER, true);
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> a.died() || customers().size() >= 3 * PAGE);
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
        // the kubelet restarts A's container at once; its pod is Ready again once B holds the Lease
        Replica a2 = replica("rci-a", FAST);
        await().atMost(TAKEOVER).pollInterval(Duration.ofMillis(100)).until(() -> apiCalls(b) > 0);
        Duration takeover = Duration.ofNanos(System.nanoTime() - gone);
        System.out.printf(
                "LeaderElectionIT: B called the API %d ms after A's pod stopped being Ready%n", takeover.toMillis());
        assertEquals("rci-b", kubernetes.leaseHolder(LEASE));
        assertTrue(takeover.compareTo(LEASE_DURATION) >= 0, "B waited the lease duration before leading: " + takeover);

        // A is back under its old name: it stands by, the Lease stays with B.
        awaitReady(a2);
        kubernetes.podIs("rci-a", MEMBER, true);
        await().during(LEASE_DURATION.plus(RETRY_PERIOD))
                .atMost(LEASE_DURATION.multipliedBy(3))
                .until(() -> "rci-b".equals(kubernetes.leaseHolder(LEASE)) && apiCalls(a2) == 0);

        awaitSweepsFinished(b, 1);
        double callsByB = apiCalls(b);
        assertTrue(b.output().contains("resumes from the checkpoint"), "B resumed A's sweep:\n" + b.output());
        List<ConsumerRecord<String, String>> afterFailover = customers();
        assertEquals(CUSTOMERS, keys(afterFailover).size(), "every customer is on rci.customers");
        int repeated = afterFailover.size() - CUSTOMERS;
        assertTrue(
                repeated <= PAGES_IN_FLIGHT * PAGE,
                "at most the pages in flight are published again: " + repeated + " records twice");
        assertEquals(
                List.of(), changeEvents(), "the first sweep, handed over half way, is a baseline: no change event");

        // Some customers change; B's pod stops being Ready (its process lives on, with what it has in memory): A leads
        // and publishes exactly those.
        Set<String> changedWhileALeads = mutate(5);
        kubernetes.podIs("rci-b", MEMBER, false);
        await().atMost(TAKEOVER).pollInterval(Duration.ofMillis(100)).until(() -> apiCalls(a2) > 0);
        assertEquals("rci-a", kubernetes.leaseHolder(LEASE));
        awaitSweepsFinished(a2, 1);
        List<ConsumerRecord<String, String>> byA = since(afterFailover);
        assertEquals(CUSTOMERS, metric(a2, "rci_sweep_customers_total", ""), "A's sweep read every customer");
        assertEquals(changedWhileALeads, keys(byA), "A publishes what changed");
        assertEquals(changedWhileALeads.size(), byA.size(), "each once");
        List<ConsumerRecord<String, String>> eventsByA = changeEvents();
        assertEquals(changedWhileALeads, keys(eventsByA), "a change event for each customer A published (a new order)");
        assertEquals(changedWhileALeads.size(), eventsByA.size(), "each once");

        // B is Ready again and stands by; more customers change; A is stopped as Kubernetes stops a pod (SIGTERM,
        // then the pod is gone): B leads again and publishes only the new changes, none of those A published.
        kubernetes.podIs("rci-b", MEMBER, true);
        Set<String> changedSinceALed = mutate(3);
        List<ConsumerRecord<String, String>> beforeBLeadsAgain = customers();
        double readByB = metric(b, "rci_sweep_customers_total", "");
        assertEquals("rci-a", kubernetes.leaseHolder(LEASE), "A still leads with B Ready again");
        assertEquals(callsByB, apiCalls(b), "B, no longer leading, called nothing");
        a2.process().destroy();
        assertTrue(a2.process().waitFor(60, TimeUnit.SECONDS), "A stopped within the grace period");
        kubernetes.podGone("rci-a");
        gone = System.nanoTime();
        await().atMost(TAKEOVER).pollInterval(Duration.ofMillis(100)).until(() -> apiCalls(b) > callsByB);
        System.out.printf(
                "LeaderElectionIT: B called the API %d ms after A's pod was deleted%n",
                Duration.ofNanos(System.nanoTime() - gone).toMillis());
        assertEquals("rci-b", kubernetes.leaseHolder(LEASE));
        awaitSweepsFinished(b, 2);
        List<ConsumerRecord<String, String>> byBAgain = since(beforeBLeadsAgain);
        assertEquals(
                CUSTOMERS,
                metric(b, "rci_sweep_customers_total", "") - readByB,
                "B's second sweep read every customer");
        assertEquals(
                changedSinceALed,
                keys(byBAgain),
                "B, leading again, publishes only what changed since A published (A published " + changedWhileALeads
                        + ")");
        assertEquals(changedSinceALed.size(), byBAgain.size(), "each once");
        List<ConsumerRecord<String, String>> eventsByB =
                changeEvents().subList(eventsByA.size(), changeEvents().size());
        assertEquals(changedSinceALed, keys(eventsByB), "B's change events: only the changes since A published");
        assertEquals(changedSinceALed.size(), eventsByB.size(), "each once");
        for (ConsumerRecord<String, String> event : eventsByB) {
            JsonNode orders = new ObjectMapper().readTree(event.value()).at("/changes/orders_count");
            assertEquals(orders.get("from").asInt() + 1, orders.get("to").asInt(), "one new order: " + event.value());
        }

        // The refresh consumer moved with the lead, with the settings RefreshRoute gives its endpoint: the leader
        // fetches the customer asked for, publishes it and commits the request.
        List<ConsumerRecord<String, String>> beforeRefresh = customers();
        String id = afterFailover.get(0).key();
        TopicWriter.send(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                "rci.customers.refresh-requests",
                id,
                id);
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> committedRefreshRequests() == 1);
        assertEquals(
                List.of(id),
                since(beforeRefresh).stream().map(ConsumerRecord::key).toList(),
                "the refreshed customer, once more");

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
                        QUICK_START,
                        "-Dquarkus.http.port=" + port,
                        "-Dkafka.bootstrap.servers=" + kafka.bootstrapServers(),
                        // A killed leader's refresh consumer stays in its group until its session times out (45 s by
                        // default), and every join and leave of the group waits for that: 10 s, not 45
                        "-Dkafka.session.timeout.ms=10000",
                        "-Drci.api.base-url=http://127.0.0.1:" + apiPort + "/api/v1",
                        "-Drci.api.token=sim-token",
                        "-Drci.api.requests-per-minute=" + requestsPerMinute,
                        "-Drci.poll.initial-delay=100ms",
                        "-Drci.poll.interval=1h",
                        "-Drci.emit=changes",
                        "-Drci.publish.pages-in-flight=" + PAGES_IN_FLIGHT,
                        "-Drci.leader-election.enabled=true",
                        "-Drci.leader-election.pod-name=" + pod,
                        "-Drci.leader-election.pod-selector=app.kubernetes.io/name=rci-stream",
                        "-Drci.leader-election.lease-duration=" + LEASE_DURATION.toMillis() + "ms",
                        "-Drci.leader-election.renew-deadline=" + RENEW_DEADLINE.toMillis() + "ms",
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
        return metric(replica, "camel_exchanges_total", "routeId=\"send-request\"");
    }

    /** A replica's metric, summed over the series whose labels contain this text. */
    private double metric(Replica replica, String name, String labels) throws Exception {
        String metrics = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + replica.port() + "/q/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        Matcher m = Pattern.compile("(?m)^" + name + "(\\{[^}]*})? (\\S+)").matcher(metrics);
        double sum = 0;
        while (m.find()) {
            if (m.group(1) == null ? labels.isEmpty() : m.group(1).contains(labels)) {
                sum += Double.parseDouble(m.group(2));
            }
        }
        return sum;
    }

    /** Until the replica has finished this many sweeps (its own rci_sweep_duration_seconds), none stopped. */
    private void awaitSweepsFinished(Replica replica, int sweeps) throws Exception {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> replica.died()
                        || metric(replica, "rci_sweep_duration_seconds_count", "outcome=\"finished\"") >= sweeps
                        || metric(replica, "rci_sweep_duration_seconds_count", "outcome=\"stopped\"") > 0);
        assertFalse(replica.died(), replica.output());
        assertEquals(
                0.0,
                metric(replica, "rci_sweep_duration_seconds_count", "outcome=\"stopped\""),
                "no sweep stopped:\n" + replica.output());
    }

    /** Until the replica answers Ready, as the kubelet's probe would see it before it marks the pod Ready. */
    private void awaitReady(Replica replica) throws IOException {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> replica.died() || status(http, replica.port(), "/q/health/ready") == 200);
        assertFalse(replica.died(), replica.output());
    }

    /** Changes this many customers on the simulator; their ids. */
    private Set<String> mutate(int count) throws Exception {
        HttpResponse<String> answer = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + "/_sim/mutate?count=" + count))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), answer.body());
        Set<String> ids = new TreeSet<>();
        new ObjectMapper().readTree(answer.body()).path("ids").forEach(node -> ids.add(node.asText()));
        assertEquals(count, ids.size(), answer.body());
        return ids;
    }

    /** The records on rci.customers that were not there yet in {@code before}. */
    private static List<ConsumerRecord<String, String>> since(List<ConsumerRecord<String, String>> before) {
        Set<String> old = before.stream().map(LeaderElectionIT::position).collect(Collectors.toSet());
        return customers().stream().filter(r -> !old.contains(position(r))).toList();
    }

    private static String position(ConsumerRecord<String, String> record) {
        return record.partition() + "@" + record.offset();
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

    /** The change events on rci.customers.changes so far, in order (a redacted customer's tombstones aside). */
    private static List<ConsumerRecord<String, String>> changeEvents() {
        return TopicReader.readAll(kafka.bootstrapServers(), "rci.customers.changes").stream()
                .filter(r -> r.value() != null)
                .toList();
    }

    private static Set<String> keys(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(ConsumerRecord::key).collect(Collectors.toCollection(TreeSet::new));
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
