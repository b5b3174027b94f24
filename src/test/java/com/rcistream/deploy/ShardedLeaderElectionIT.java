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
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rcistream.testing.EmbeddedKafka;
import com.rcistream.testing.KafkaAndHttpPorts;
import com.rcistream.testing.KubernetesApi;
import com.rcistream.testing.PackagedApp;
import com.rcistream.testing.PackagedApp.Started;
import com.rcistream.testing.TopicReader;

/**
 * Many stores over two and then three replicas: 16 shards on 16 Leases of fabric8's mock API server, the accounts of
 * one simulator process (its limiter per token a tight 4 calls in any 2 s, so that two pods calling for one store
 * at once, or a new leader starting too soon after the old one's last call, is answered 429). Every shard is led by
 * exactly one pod and the split is even within one; a pod killed gives its shards up within the lease duration and a
 * few retry periods; the stores resume from their checkpoints, every customer lands, no store's sweep runs on two
 * pods at once, and no call is answered 429.
 */
class ShardedLeaderElectionIT {

    static final int SHARDS = 16;
    static final int STORES = 6;
    static final int CUSTOMERS = 100;
    static final int PAGE = 5;
    static final int PAGES_IN_FLIGHT = 2;
    static final Map<String, String> MEMBER = Map.of("app.kubernetes.io/name", "rci-stream");
    static final Duration LEASE_DURATION = Duration.ofSeconds(2);
    static final Duration RENEW_DEADLINE = Duration.ofMillis(1500);
    static final Duration RETRY_PERIOD = Duration.ofMillis(500);
    /** Calls a minute of each store: one every 0.5 s plus the 300 ms margin, 4 in 2.4 s at most. */
    static final int PER_MINUTE = 120;
    /** From a pod's end to its shards led by the others: the lease to expire, a retry or two, the rebalancing. */
    static final Duration HANDOVER =
            LEASE_DURATION.plus(RETRY_PERIOD.multipliedBy(4)).plusSeconds(6);

    static final String QUICK_START = "-XX:TieredStopAtLevel=1";
    static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");
    static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static EmbeddedKafka kafka = new EmbeddedKafka();

    @RegisterExtension
    static KubernetesApi kubernetes = new KubernetesApi();

    @TempDir
    Path tokens;

    final HttpClient http = HttpClient.newHttpClient();
    final List<Started> started = new ArrayList<>();
    int apiPort;

    @AfterEach
    void stopAll() throws InterruptedException {
        for (Started process : started) {
            process.process().destroyForcibly();
            process.process().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void theShardsAreSharedEvenlyMoveWhenAPodGoesAndNoStoreIsSweptTwiceAtOnceOrOverItsLimit() throws Exception {
        List<String> stores = new ArrayList<>();
        for (int i = 1; i <= STORES; i++) {
            stores.add("store-" + i);
            Files.writeString(tokens.resolve("store-" + i), "sim-token-store-" + i + "\n", StandardCharsets.UTF_8);
        }
        apiPort = KafkaAndHttpPorts.freePort();
        Started api = PackagedApp.start(List.of(
                QUICK_START,
                "-Dquarkus.http.port=" + apiPort,
                "-Dkafka.bootstrap.servers=" + kafka.bootstrapServers(),
                "-Drci.simulator.enabled=true",
                "-Drci.simulator.accounts=" + String.join(",", stores),
                "-Drci.simulator.customers=" + CUSTOMERS,
                "-Drci.simulator.page-size=" + PAGE,
                "-Drci.simulator.rate-limit.requests=4",
                "-Drci.simulator.rate-limit.window=2s",
                "-Drci.api.token=sim-token",
                "-Drci.poll.enabled=false",
                "-Drci.refresh.enabled=false"));
        started.add(api);
        kubernetes.podIs("rci-a", MEMBER, false);
        kubernetes.podIs("rci-b", MEMBER, false);
        Replica a = replica("rci-a");
        Replica b = replica("rci-b");
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> !api.process().isAlive() || status(apiPort, "/_sim/stats") == 200);
        assertTrue(api.process().isAlive(), "the simulator stopped:\n" + api.output());

        // A is Ready first and, alone, leads every shard; then B is Ready too and they share them 8 and 8.
        awaitReady(a);
        kubernetes.podIs("rci-a", MEMBER, true);
        awaitSplit(Map.of("rci-a", SHARDS), List.of(a));
        awaitReady(b);
        kubernetes.podIs("rci-b", MEMBER, true);
        awaitSplit(Map.of("rci-a", SHARDS / 2, "rci-b", SHARDS / 2), List.of(a, b));
        // B takes over the stores of its shards while A is still sweeping the others
        await().atMost(HANDOVER)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> count(b.output(), "account store-\\d+: sweep \\S+ (started|resumes)") > 0);
        assertTrue(customers().size() < STORES * CUSTOMERS, "the stores are still being swept when A goes");

        // A is killed: its shards move to B within the lease duration and a few retry periods.
        a.process().destroyForcibly();
        a.process().waitFor(30, TimeUnit.SECONDS);
        a.killedAt = LocalDateTime.now();
        kubernetes.podIs("rci-a", MEMBER, false);
        long gone = System.nanoTime();
        awaitSplit(Map.of("rci-b", SHARDS), List.of(b));
        System.out.printf(
                "ShardedLeaderElectionIT: B led all shards %d ms after A was killed%n",
                Duration.ofNanos(System.nanoTime() - gone).toMillis());

        // A's container comes back and a third replica starts: three pods share the shards 6, 5 and 5.
        kubernetes.podIs("rci-c", MEMBER, false);
        Replica a2 = replica("rci-a");
        Replica c = replica("rci-c");
        awaitReady(a2);
        awaitReady(c);
        kubernetes.podIs("rci-a", MEMBER, true);
        kubernetes.podIs("rci-c", MEMBER, true);
        await().atMost(HANDOVER.multipliedBy(3))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> evenSplit(List.of("rci-a", "rci-b", "rci-c")));
        awaitGauges(List.of(a2, b, c));

        // Every store's customers land, from the checkpoint where a sweep was cut short, and the sweeps end.
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> keysByStore().values().stream().allMatch(n -> n == CUSTOMERS)
                        && sweepsRunning(List.of(a2, b, c)) == 0);
        List<ConsumerRecord<String, String>> records = customers();
        for (String store : stores) {
            long published = records.stream()
                    .filter(r -> r.key().startsWith(store + ":"))
                    .count();
            // each store moved at most three times (A to B twice, then to A or C), each time its pages in flight
            assertTrue(
                    published - CUSTOMERS <= 3L * PAGES_IN_FLIGHT * PAGE,
                    store + ": " + (published - CUSTOMERS) + " published twice");
        }
        // No store's sweep ran on two pods at once, and no call went over a store's limiter.
        assertNoOverlap(List.of(a, b, a2, c), stores);
        JsonNode requests = JSON.readTree(get(apiPort, "/_sim/requests"));
        List<String> refused = new ArrayList<>();
        requests.forEach(r -> {
            if (r.path("status").asInt() == 429) {
                refused.add(r.toString());
            }
        });
        assertEquals(List.of(), refused, "calls over a store's limiter");
        String all = a.output() + b.output() + a2.output() + c.output();
        assertTrue(all.contains("no longer leads rci-stream-shard-"), "a walk ended when its shard moved");
        assertTrue(
                Pattern.compile("account store-\\d: sweep \\S+ resumes from the checkpoint")
                        .matcher(b.output() + a2.output() + c.output())
                        .find(),
                "a store resumed from its checkpoint on another pod");

        for (Replica replica : List.of(a, b, a2, c)) {
            assertFalse(replica.output().contains("sim-token-store"), "a token in the log");
        }
    }

    /** Until the Leases are held as given (pod: shards), and each pod's own gauge says the same. */
    private void awaitSplit(Map<String, Integer> expected, List<Replica> live) {
        await().atMost(HANDOVER.multipliedBy(2))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> holders().equals(expected));
        awaitGauges(live);
    }

    /** Until each live pod's rci_leader_shards_led is what the Leases say it holds, and they add up to every shard. */
    private void awaitGauges(List<Replica> live) {
        await().atMost(HANDOVER).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            Map<String, Integer> held = holders();
            int sum = 0;
            for (Replica replica : live) {
                int led = (int) metric(replica, "rci_leader_shards_led");
                assertEquals(held.getOrDefault(replica.pod, 0), led, replica.pod + " by its gauge");
                sum += led;
            }
            assertEquals(SHARDS, sum, "every shard led by exactly one pod");
        });
    }

    private boolean evenSplit(List<String> pods) {
        Map<String, Integer> held = holders();
        List<Integer> counts = pods.stream().map(p -> held.getOrDefault(p, 0)).toList();
        int total = counts.stream().mapToInt(Integer::intValue).sum();
        int min = counts.stream().mapToInt(Integer::intValue).min().orElse(0);
        int max = counts.stream().mapToInt(Integer::intValue).max().orElse(0);
        return total == SHARDS && held.keySet().stream().allMatch(pods::contains) && max - min <= 1;
    }

    /** Shards held a pod, from the Leases themselves. */
    private Map<String, Integer> holders() {
        Map<String, Integer> held = new TreeMap<>();
        for (int shard = 0; shard < SHARDS; shard++) {
            String holder = kubernetes.leaseHolder(String.format("leaders-rci-stream-shard-%02d", shard));
            if (holder != null && !holder.isEmpty()) {
                held.merge(holder, 1, Integer::sum);
            }
        }
        return held;
    }

    /**
     * From each pod's log: the time each store's walks began (started or resumed) and ended (fetched no further
     * page, or finished, or the pod was killed, or not yet); for one store no two of them, on different pods,
     * overlap.
     */
    private void assertNoOverlap(List<Replica> pods, List<String> stores) throws IOException {
        Pattern line = Pattern.compile(
                "(?m)^(\\S+ \\S+) .*account (store-\\d+): (?:sweep (\\S+) (started|resumes|finished|STOPPED)|.*: sweep"
                        + " (\\S+) fetches no further page)");
        Map<String, List<LocalDateTime[]>> byStore = new HashMap<>();
        Map<String, String> podOf = new HashMap<>();
        for (Replica pod : pods) {
            Map<String, LocalDateTime> open = new HashMap<>();
            Matcher m = line.matcher(pod.output());
            while (m.find()) {
                LocalDateTime at = LocalDateTime.parse(m.group(1), LOG_TIME);
                String store = m.group(2);
                String event = m.group(4) == null ? "stops" : m.group(4);
                if (event.equals("started") || event.equals("resumes")) {
                    open.put(store, at);
                } else if (open.containsKey(store)) {
                    LocalDateTime[] walk = {open.remove(store), at};
                    byStore.computeIfAbsent(store, s -> new ArrayList<>()).add(walk);
                    podOf.put(store + walk[0], pod.pod + "#" + System.identityHashCode(pod));
                }
            }
            for (Map.Entry<String, LocalDateTime> left : open.entrySet()) {
                // a walk still running ends when its pod was killed, or goes on now (a shard taken a moment ago)
                LocalDateTime[] walk = {left.getValue(), pod.killedAt != null ? pod.killedAt : LocalDateTime.now()};
                byStore.computeIfAbsent(left.getKey(), s -> new ArrayList<>()).add(walk);
                podOf.put(left.getKey() + walk[0], pod.pod + "#" + System.identityHashCode(pod));
            }
        }
        for (String store : stores) {
            List<LocalDateTime[]> walks = byStore.getOrDefault(store, List.of()).stream()
                    .sorted((x, y) -> x[0].compareTo(y[0]))
                    .collect(Collectors.toList());
            assertFalse(walks.isEmpty(), store + " was swept");
            for (int i = 1; i < walks.size(); i++) {
                for (int j = 0; j < i; j++) {
                    LocalDateTime[] before = walks.get(j);
                    LocalDateTime[] after = walks.get(i);
                    assertFalse(
                            after[0].isBefore(before[1])
                                    && !podOf.get(store + before[0]).equals(podOf.get(store + after[0])),
                            store + " swept by two pods at once: " + before[0] + " to " + before[1] + " and from "
                                    + after[0]);
                }
            }
        }
    }

    /** Walks begun and not ended in the logs of these pods. */
    private int sweepsRunning(List<Replica> pods) throws IOException {
        int running = 0;
        for (Replica pod : pods) {
            String out = pod.output();
            running += count(out, "account store-\\d+: sweep \\S+ (started|resumes)")
                    - count(out, "account store-\\d+: sweep \\S+ (finished|STOPPED)");
        }
        return running;
    }

    private static int count(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private Map<String, Integer> keysByStore() {
        Map<String, java.util.Set<String>> keys = new TreeMap<>();
        for (ConsumerRecord<String, String> r : customers()) {
            keys.computeIfAbsent(r.key().substring(0, r.key().indexOf(':')), s -> new java.util.HashSet<>())
                    .add(r.key());
        }
        Map<String, Integer> counts = new TreeMap<>();
        for (int i = 1; i <= STORES; i++) {
            counts.put(
                    "store-" + i,
                    keys.getOrDefault("store-" + i, java.util.Set.of()).size());
        }
        return counts;
    }

    private Replica replica(String pod) throws IOException {
        int port = KafkaAndHttpPorts.freePort();
        Started process = PackagedApp.start(
                List.of(
                        QUICK_START,
                        "-Dquarkus.http.port=" + port,
                        "-Dkafka.bootstrap.servers=" + kafka.bootstrapServers(),
                        "-Drci.api.base-url=http://127.0.0.1:" + apiPort + "/api/v1",
                        "-Drci.accounts.token-dir=" + tokens,
                        "-Drci.api.requests-per-minute=" + PER_MINUTE,
                        "-Drci.api.spacing-margin=300ms",
                        "-Drci.poll.initial-delay=100ms",
                        "-Drci.poll.interval=1h",
                        "-Drci.emit=changes",
                        "-Drci.refresh.enabled=false",
                        "-Drci.publish.pages-in-flight=" + PAGES_IN_FLIGHT,
                        "-Drci.leader-election.enabled=true",
                        "-Drci.leader-election.shards=" + SHARDS,
                        "-Drci.leader-election.pod-name=" + pod,
                        "-Drci.leader-election.pod-selector=app.kubernetes.io/name=rci-stream",
                        "-Drci.leader-election.lease-duration=" + LEASE_DURATION.toMillis() + "ms",
                        "-Drci.leader-election.renew-deadline=" + RENEW_DEADLINE.toMillis() + "ms",
                        "-Drci.leader-election.retry-period=" + RETRY_PERIOD.toMillis() + "ms"),
                kubernetes.clientEnvironment());
        started.add(process);
        Replica replica = new Replica(pod, process, port);
        return replica;
    }

    static final class Replica {
        final String pod;
        final Started started;
        final int port;
        LocalDateTime killedAt;

        Replica(String pod, Started started, int port) {
            this.pod = pod;
            this.started = started;
            this.port = port;
        }

        Process process() {
            return started.process();
        }

        String output() throws IOException {
            return started.output();
        }
    }

    private void awaitReady(Replica replica) throws IOException {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> !replica.process().isAlive() || status(replica.port, "/q/health/ready") == 200);
        assertTrue(replica.process().isAlive(), replica.output());
    }

    private double metric(Replica replica, String name) throws Exception {
        Matcher m = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*})? (\\S+)").matcher(get(replica.port, "/q/metrics"));
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    private static List<ConsumerRecord<String, String>> customers() {
        return TopicReader.readAll(kafka.bootstrapServers(), "rci.customers");
    }

    private String get(int port, String path) throws IOException, InterruptedException {
        return http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private int status(int port, String path) {
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
