package com.rcistream.accounts;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rcistream.testing.KafkaAndHttpPorts;
import com.rcistream.testing.PackagedApp;
import com.rcistream.testing.PackagedApp.Run;
import com.rcistream.testing.PackagedApp.Started;
import com.rcistream.testing.TopicReader;

/**
 * Three accounts of one simulator in one packaged application, their tokens in a directory as a mounted Secret
 * gives them: the two valid ones swept at the same time, each at its own budget, under keys of their own; the third,
 * whose token the API refuses, held after one 401 and dead-lettered with its account; a token file added, removed
 * and rotated while the application runs.
 */
class ManyAccountsIT {

    static final int CUSTOMERS = 200;
    static final int PAGE = 20;
    /** Each account's budget: 120 calls a minute, one every 0.5 s (plus the spacing margin). */
    static final int PER_MINUTE = 120;

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tokens;

    EmbeddedKafkaBroker broker;

    @BeforeEach
    void startKafka() {
        broker = new EmbeddedKafkaBroker().withDeleteLogDirsOnClose(true).start();
    }

    @AfterEach
    void stopKafka() {
        broker.close();
    }

    @Test
    void twoStoresSweptAtOnceUnderTheirOwnKeysAndARefusedOneHeldAlone() throws Exception {
        token("store-1", "sim-token-store-1");
        token("store-2", "sim-token-store-2");
        token("store-3", "revoked-token-of-store-3");
        int port = KafkaAndHttpPorts.freePort();
        List<String> props = settings(port, "10m");
        Started app = PackagedApp.start(props);
        JsonNode requests;
        try {
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(300))
                    .until(() -> !app.process().isAlive()
                            || customers().size() >= 2 * CUSTOMERS
                                    && !deadLetters().isEmpty());
            assertTrue(app.process().isAlive(), "the application died by itself:\n" + app.output());
            requests = JSON.readTree(get(port, "/_sim/requests"));
            // each account seen on its own: metrics tagged with it, the wellness check listing it, readiness UP
            // while one of them is refused
            String metrics = get(port, "/q/metrics");
            assertTrue(metrics.contains("rci_sweep_customers_total{account=\"store-1\"} 200.0"), metrics);
            assertTrue(metrics.contains("rci_sweep_customers_total{account=\"store-2\"} 200.0"), metrics);
            assertTrue(metrics.contains("rci_sweep_consecutive_failures{account=\"store-3\"} 1.0"), metrics);
            assertTrue(metrics.contains("rci_api_token_refused 1.0"), metrics);
            JsonNode well = JSON.readTree(get(port, "/q/health/well"));
            JsonNode sweeps = null;
            for (JsonNode check : well.path("checks")) {
                sweeps = check.path("name").asText().equals("rci-sweeps") ? check.path("data") : sweeps;
            }
            assertTrue(sweeps.path("account store-1").asText().startsWith("finished"), well.toString());
            assertEquals("token refused", sweeps.path("account store-3").asText(), well.toString());
            assertEquals(
                    "UP",
                    JSON.readTree(get(port, "/q/health/ready")).path("status").asText(),
                    "ready while one store of three is refused");
        } finally {
            app.process().destroy();
            app.process().waitFor(30, TimeUnit.SECONDS);
        }
        String output = app.output();

        List<ConsumerRecord<String, String>> customers = customers();
        assertEquals(2 * CUSTOMERS, customers.size(), "each store's customers once");
        Map<String, Set<String>> idsByAccount = new java.util.TreeMap<>();
        for (ConsumerRecord<String, String> record : customers) {
            String account = record.key().substring(0, record.key().indexOf(':'));
            assertEquals(account, header(record, "rci_account"), record.key());
            assertTrue(header(record, "ce_source").endsWith("#" + account), header(record, "ce_source"));
            idsByAccount
                    .computeIfAbsent(account, a -> new java.util.TreeSet<>())
                    .add(record.key().substring(account.length() + 1));
            if (record.value() == null) {
                continue; // a redacted customer's tombstone
            }
            JsonNode value = JSON.readTree(record.value());
            assertEquals(account, value.path("account").asText(), "the value names its account too");
            assertEquals(record.key(), account + ":" + value.path("id").asText());
        }
        assertEquals(Set.of("store-1", "store-2"), idsByAccount.keySet());
        assertEquals(idsByAccount.get("store-1"), idsByAccount.get("store-2"), "the same customer ids in both");
        String someId = customers.stream()
                .filter(r -> r.key().startsWith("store-1:") && r.value() != null)
                .findFirst()
                .orElseThrow()
                .key()
                .substring("store-1:".length());
        assertNotEquals(
                valueOf(customers, "store-1:" + someId).path("email"),
                valueOf(customers, "store-2:" + someId).path("email"),
                "each store's own data under its own key");

        List<ConsumerRecord<String, String>> letters = deadLetters();
        assertEquals(1, letters.size(), "one dead letter: the refused store's first page");
        assertEquals("store-3", header(letters.get(0), "rci_account"));
        JsonNode letter = JSON.readTree(letters.get(0).value());
        assertEquals(401, letter.path("http_status").asInt(), letter.toString());
        assertEquals("store-3", letter.path("account").asText());

        List<JsonNode> store1 = requestsOf(requests, "store-1");
        List<JsonNode> store2 = requestsOf(requests, "store-2");
        // a token the API does not know names no account of the simulator: its one 401 is the refused store's
        long refused = 0;
        for (JsonNode r : requests) {
            refused += r.path("status").asInt() == 401 ? 1 : 0;
        }
        assertEquals(1, refused, "the refused store is asked once, then held: " + requests);
        assertEquals(CUSTOMERS / PAGE, store1.size());
        assertEquals(CUSTOMERS / PAGE, store2.size());
        for (JsonNode r : requests) {
            assertNotEquals(429, r.path("status").asInt(), "no account over its limiter: " + r);
        }
        // at the same time: each store's sweep began before the other's ended
        assertTrue(time(store1.get(0)).isBefore(time(store2.get(store2.size() - 1))), requests.toString());
        assertTrue(time(store2.get(0)).isBefore(time(store1.get(store1.size() - 1))), requests.toString());
        // each at its own budget: one throttle shared by both would need (20 - 1) x 0.5 s for their 20 calls
        Duration both = Duration.between(
                min(time(store1.get(0)), time(store2.get(0))),
                max(time(store1.get(store1.size() - 1)), time(store2.get(store2.size() - 1))));
        assertTrue(both.toMillis() < (2 * CUSTOMERS / PAGE - 1) * 60_000L / PER_MINUTE, "both sweeps took " + both);

        assertTrue(output.contains("account store-3: sweep"), output);
        for (String secret : List.of("sim-token-store-1", "sim-token-store-2", "revoked-token-of-store-3")) {
            assertFalse(output.contains(secret), "a token in the log");
            assertFalse(letters.get(0).value().contains(secret), "a token in the dead letter");
        }

        // a restart with change detection: every store's fingerprints come back, nothing is published again
        List<String> again = new ArrayList<>(settings(KafkaAndHttpPorts.freePort(), "10m"));
        again.add("-Drci.poll.max-sweeps=1");
        again.set(again.indexOf("-Drci.emit=all"), "-Drci.emit=changes");
        Run second = PackagedApp.runToExit(again, 120);
        assertEquals(1, second.exitCode(), "store-3's sweep fails again:\n" + second.output());
        assertTrue(second.output().contains("loaded " + 2 * CUSTOMERS + " customer fingerprints"), second.output());
        assertEquals(2 * CUSTOMERS, customers().size(), "no customer published again after a restart");
    }

    @Test
    void aStoreWithABaseUrlOfItsOwnOneWithABudgetOfItsOwnAndADisabledOne() throws Exception {
        token("store-1", "sim-token-store-1");
        token("store-2", "sim-token-store-2");
        token("store-3", "sim-token-store-3");
        int port = KafkaAndHttpPorts.freePort();
        List<String> props = new ArrayList<>(settings(port, "10m"));
        // the same simulator under another host name: another origin, so another ce_source
        props.add("-Drci.accounts.store-1.base-url=http://localhost:" + port + "/api/v1");
        props.add("-Drci.accounts.store-2.requests-per-minute=30");
        props.add("-Drci.accounts.store-3.enabled=false");
        Started app = PackagedApp.start(props);
        JsonNode requests;
        try {
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(300))
                    .until(() ->
                            !app.process().isAlive() || count("store-1") >= CUSTOMERS && count("store-2") >= CUSTOMERS);
            assertTrue(app.process().isAlive(), "the application died by itself:\n" + app.output());
            requests = JSON.readTree(get(port, "/_sim/requests"));
            assertTrue(
                    app.output().contains("account store-3 added")
                            && app.output().contains("not swept: rci.accounts.store-3.enabled is false"),
                    app.output());
        } finally {
            app.process().destroy();
            app.process().waitFor(30, TimeUnit.SECONDS);
        }

        assertEquals(List.of(), requestsOf(requests, "store-3"), "the disabled store's token never sent");
        assertEquals(0, count("store-3"));
        for (JsonNode r : requests) {
            assertNotEquals(429, r.path("status").asInt(), "no account over its limiter: " + r);
        }
        // store-2 at its own 30 a minute (a call every 2 s), store-1 at rci.api.requests-per-minute (every 0.5 s); the
        // first gap after a start may be shorter by the first call's connection set-up, so the pace is the average
        List<JsonNode> slow = requestsOf(requests, "store-2");
        assertEquals(CUSTOMERS / PAGE, slow.size());
        long slowPace = Duration.between(time(slow.get(0)), time(slow.get(slow.size() - 1)))
                        .toMillis()
                / (slow.size() - 1);
        assertTrue(slowPace >= 1_950, "store-2's calls " + slowPace + " ms apart on average: " + slow);
        List<JsonNode> fast = requestsOf(requests, "store-1");
        long fastPace = Duration.between(time(fast.get(0)), time(fast.get(fast.size() - 1)))
                        .toMillis()
                / (fast.size() - 1);
        assertTrue(fastPace < 1_000, "store-1 is not held to store-2's budget: " + fastPace + " ms, " + fast);
        for (ConsumerRecord<String, String> record : customers()) {
            String source = header(record, "ce_source");
            if (record.key().startsWith("store-1:")) {
                assertEquals("http://localhost:" + port + "/api/v1#store-1", source);
            } else {
                assertEquals("http://127.0.0.1:" + port + "/api/v1#store-2", source);
            }
        }
    }

    @Test
    void aTokenFileAddedStartsItsStoreOneRemovedStopsItAndOneChangedRotatesIt() throws Exception {
        token("store-1", "sim-token-store-1");
        token("store-3", "not-yet-the-token");
        int port = KafkaAndHttpPorts.freePort();
        Started app = PackagedApp.start(settings(port, "3s"));
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> count("store-1") >= CUSTOMERS);
            await().atMost(Duration.ofSeconds(30)).until(() -> app.output().contains("HTTP 401"));

            token("store-2", "sim-token-store-2");
            token("store-3", "sim-token-store-3");
            Files.delete(tokens.resolve("store-1"));
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(300))
                    .until(() -> count("store-2") >= CUSTOMERS && count("store-3") >= CUSTOMERS);

            String output = app.output();
            assertTrue(output.contains("account store-2 added"), output);
            assertTrue(output.contains("account store-3 token rotated"), output);
            String afterRemoval = output.substring(output.indexOf("account store-1 removed"));
            // store-2's and store-3's sweeps took longer than store-1's 3 s interval: none started for it meanwhile
            // (the
            // one running when its file went may finish)
            assertFalse(
                    java.util.regex.Pattern.compile("account store-1: sweep \\S+ (started|resumes)")
                            .matcher(afterRemoval)
                            .find(),
                    afterRemoval);
        } finally {
            app.process().destroy();
            app.process().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void killedMidSweepEachStoreResumesFromItsOwnCheckpointWithAtMostItsPagesInFlightTwice() throws Exception {
        token("store-1", "sim-token-store-1");
        token("store-2", "sim-token-store-2");
        int customers = 600;
        int inFlight = 3;
        List<String> props = new ArrayList<>(settings(KafkaAndHttpPorts.freePort(), "10m"));
        props.replaceAll(
                p -> p.startsWith("-Drci.simulator.customers=") ? "-Drci.simulator.customers=" + customers : p);
        props.add("-Drci.publish.pages-in-flight=" + inFlight);
        List<String> slow = new ArrayList<>(props);
        slow.replaceAll(p -> p.endsWith("=" + PER_MINUTE) ? p.replace("=" + PER_MINUTE, "=240") : p);
        Started first = PackagedApp.start(slow);
        try {
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> !first.process().isAlive() || count("store-1") + count("store-2") >= customers / 2);
            assertTrue(first.process().isAlive(), "the application died by itself:\n" + first.output());
        } finally {
            first.process().destroyForcibly(); // SIGKILL: no shutdown hook, no clean stop
            first.process().waitFor(30, TimeUnit.SECONDS);
        }
        assertTrue(count("store-1") < customers && count("store-2") < customers, "killed in the middle of both");

        List<String> again = new ArrayList<>(props);
        again.replaceAll(p -> p.endsWith("=" + PER_MINUTE) ? p.replace("=" + PER_MINUTE, "=3000") : p);
        again.add("-Drci.poll.max-sweeps=1");
        Run second = PackagedApp.runToExit(again, 120);

        assertEquals(0, second.exitCode(), second.output());
        for (String account : List.of("store-1", "store-2")) {
            assertTrue(
                    java.util.regex.Pattern.compile("account " + account + ": sweep \\S+ resumes from the checkpoint")
                            .matcher(second.output())
                            .find(),
                    account + " resumes from its own checkpoint:\n" + second.output());
            assertEquals(customers, count(account), "every customer of " + account);
            long records = customers().stream()
                    .filter(r -> r.key().startsWith(account + ":"))
                    .count();
            assertTrue(
                    records - customers <= (long) inFlight * PAGE,
                    account + ": at most its pages in flight twice, " + (records - customers) + " repeated");
        }
    }

    private List<String> settings(int port, String interval) {
        return List.of(
                "-Dkafka.bootstrap.servers=" + broker.getAdvertisedListeners(),
                "-Dquarkus.http.port=" + port,
                "-Drci.api.base-url=http://127.0.0.1:" + port + "/api/v1",
                "-Drci.simulator.enabled=true",
                "-Drci.simulator.accounts=store-1,store-2,store-3",
                "-Drci.simulator.customers=" + CUSTOMERS,
                "-Drci.simulator.page-size=" + PAGE,
                "-Drci.simulator.rate-limit.requests=" + PER_MINUTE,
                "-Drci.api.requests-per-minute=" + PER_MINUTE,
                "-Drci.accounts.token-dir=" + tokens,
                "-Drci.accounts.rescan-interval=200ms",
                "-Drci.poll.initial-delay=100ms",
                "-Drci.poll.interval=" + interval,
                "-Drci.refresh.enabled=false",
                "-Drci.emit=all");
    }

    private void token(String account, String token) throws IOException {
        Files.writeString(tokens.resolve(account), token + "\n", StandardCharsets.UTF_8);
    }

    private List<ConsumerRecord<String, String>> customers() {
        return TopicReader.readAll(broker.getAdvertisedListeners(), "rci.customers");
    }

    private List<ConsumerRecord<String, String>> deadLetters() {
        return TopicReader.readAll(broker.getAdvertisedListeners(), "rci.customers.dlq");
    }

    private long count(String account) {
        return customers().stream()
                .filter(r -> r.key().startsWith(account + ":"))
                .map(ConsumerRecord::key)
                .distinct()
                .count();
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static JsonNode valueOf(List<ConsumerRecord<String, String>> records, String key) throws IOException {
        for (ConsumerRecord<String, String> record : records) {
            if (record.key().equals(key)) {
                return JSON.readTree(record.value());
            }
        }
        throw new AssertionError("no record " + key);
    }

    private static List<JsonNode> requestsOf(JsonNode requests, String account) {
        List<JsonNode> out = new ArrayList<>();
        requests.forEach(r -> {
            if (account.equals(r.path("account").asText(null))) {
                out.add(r);
            }
        });
        return out.stream().sorted((a, b) -> time(a).compareTo(time(b))).collect(Collectors.toList());
    }

    private static Instant time(JsonNode request) {
        return Instant.parse(request.path("time").asText());
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static String get(int port, String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }
}
