package com.rcistream.sweep;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rcistream.testing.KafkaAndHttpPorts;
import com.rcistream.testing.PackagedApp;
import com.rcistream.testing.PackagedApp.Started;

/**
 * The poll loop as documented: a sweep that overran rci.poll.interval is followed at once, never by two at once. The
 * packaged application with its own timer, watched from outside through the simulator's request log
 * ({@code /_sim/requests}), so that it costs the application tests no restart.
 */
class PollLoopIT {

    static final String FIRST_PAGE = "/api/v1/customers";

    static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startKafka() {
        broker = new EmbeddedKafkaBroker().withDeleteLogDirsOnClose(true).start();
    }

    @AfterAll
    static void stopKafka() {
        broker.close();
    }

    /**
     * A sweep every 6 s, of 3 pages that each take 2.2 s to answer: every sweep overruns the interval. Starting at once
     * puts the second sweep about 6.6 s after the first; waiting for a later tick puts it about 12 s after: far enough
     * apart that a loaded machine cannot blur them.
     */
    static List<String> sweepsLongerThanTheInterval(int port) {
        return List.of(
                "-Dkafka.bootstrap.servers=" + broker.getAdvertisedListeners(),
                "-Dquarkus.http.port=" + port,
                "-Drci.api.base-url=http://127.0.0.1:" + port + "/api/v1",
                "-Drci.simulator.enabled=true",
                "-Drci.api.token=sim-token",
                "-Drci.simulator.rate-limit.requests=6000",
                "-Drci.api.requests-per-minute=6000",
                "-Drci.poll.enabled=true",
                "-Drci.poll.interval=6s",
                "-Drci.poll.initial-delay=100ms",
                "-Drci.refresh.enabled=false",
                "-Drci.simulator.customers=60",
                "-Drci.simulator.page-size=20",
                "-Drci.simulator.faults.slow-rate=1",
                "-Drci.simulator.faults.slow-delay=2200ms");
    }

    @Test
    void sweepThatOverranTheIntervalIsFollowedAtOnceAndNeverOverlapsTheNext() throws Exception {
        int port = KafkaAndHttpPorts.freePort();
        Started app = PackagedApp.start(sweepsLongerThanTheInterval(port));
        try {
            HttpClient http = HttpClient.newHttpClient();
            List<Request> requests = await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .ignoreExceptions()
                    .until(
                            () -> requests(http, port),
                            log -> log.stream()
                                            .filter(r -> r.pathAndQuery().equals(FIRST_PAGE))
                                            .count()
                                    >= 2);

            int secondStart = indexOfFirstPage(requests, 1);
            Request firstOfFirst = requests.get(0);
            Request lastOfFirst = requests.get(secondStart - 1);
            Request firstOfSecond = requests.get(secondStart);
            assertTrue(secondStart == 3, "the first sweep's three pages, then the second sweep: " + requests);
            long gap =
                    Duration.between(lastOfFirst.time(), firstOfSecond.time()).toMillis();
            // the last page answers 2.2 s after it was asked for; then the sweep ends and the next starts at once
            assertTrue(gap >= 2_200, "the second sweep started before the first had its last page: " + gap + " ms");
            // the first sweep started at its tick (or a moment after it, catching up); the next tick is 12 s later
            long sinceFirst =
                    Duration.between(firstOfFirst.time(), firstOfSecond.time()).toMillis();
            assertTrue(
                    sinceFirst < 10_000,
                    "the second sweep waited for a later tick instead of starting at once: " + sinceFirst
                            + " ms after the first");
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(e.getMessage() + "\n" + app.output(), e);
        } finally {
            // what is asserted is in the log already: no clean stop to wait for behind a slow answer
            app.process().destroyForcibly();
            app.process().waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** One line of the simulator's request log: when the request arrived, its path with the query. */
    record Request(Instant time, String pathAndQuery) {}

    /** The simulator's request log, read from outside. */
    private static List<Request> requests(HttpClient http, int port) throws Exception {
        HttpResponse<String> answer = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/_sim/requests"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        List<Request> requests = new ArrayList<>();
        for (JsonNode r : new ObjectMapper().readTree(answer.body())) {
            requests.add(new Request(
                    Instant.parse(r.get("time").asText()), r.get("path").asText()));
        }
        return requests;
    }

    /** The index in the log of the n-th (from 0) request for the first page. */
    private static int indexOfFirstPage(List<Request> requests, int n) {
        int seen = 0;
        for (int i = 0; i < requests.size(); i++) {
            if (requests.get(i).pathAndQuery().equals(FIRST_PAGE) && seen++ == n) {
                return i;
            }
        }
        throw new AssertionError("no request " + n + " for the first page in " + requests);
    }
}
