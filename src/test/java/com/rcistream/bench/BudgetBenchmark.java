package com.rcistream.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rcistream.testing.KafkaAndHttpPorts;
import com.rcistream.testing.LatencyProxy;
import com.rcistream.testing.PackagedApp;

/**
 * The API budget the packaged bundle actually uses at the real budget (60 requests a minute, the simulator's sliding
 * limiter), 25 and 100 customers a page, with Kafka local and behind a {@link LatencyProxy} at 10 and 50 ms round
 * trip: API requests a minute between the first call and the last page, against the throttle's ceiling (58.8 a
 * minute: 1,000 ms plus the 20 ms margin apart). Run with scripts/bench.sh budget; figures go to docs/benchmarks.md.
 */
public final class BudgetBenchmark {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    public static void main(String[] args) throws Exception {
        int pages = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        int kafkaPort = KafkaAndHttpPorts.freePort();
        int proxyPort = KafkaAndHttpPorts.freePort();
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker()
                .withKafkaPort(kafkaPort)
                .withAdvertisedListeners("PLAINTEXT://127.0.0.1:" + proxyPort)
                .withDeleteLogDirsOnClose(true)
                .start();
        try (LatencyProxy proxy = new LatencyProxy(proxyPort, kafkaPort, 0)) {
            System.out.println(
                    "| Kafka round trip | customers a page | pages | API requests a minute | of the ceiling (58.8) | 429s |");
            System.out.println("| ---: | ---: | ---: | ---: | ---: | ---: |");
            for (long oneWay : new long[] {0, 5, 25}) {
                proxy.oneWayMillis(oneWay);
                for (int pageSize : new int[] {25, 100}) {
                    double perMinute = sweep(proxyPort, pageSize, pages);
                    System.out.printf(
                            "| %s | %d | %d | %.1f | %.1f%% | %d |%n",
                            oneWay == 0 ? "local (< 1 ms)" : 2 * oneWay + " ms",
                            pageSize,
                            pages,
                            perMinute,
                            100 * perMinute / 58.8,
                            last429s);
                }
            }
        } finally {
            broker.close();
        }
        System.exit(0);
    }

    private static long last429s;

    /** One sweep of the packaged bundle; the rate of its list requests as the simulator saw them. */
    private static double sweep(int kafkaPort, int pageSize, int pages) throws Exception {
        int port = KafkaAndHttpPorts.freePort();
        List<String> props = List.of(
                "-Dquarkus.http.port=" + port,
                "-Dkafka.bootstrap.servers=127.0.0.1:" + kafkaPort,
                "-Drci.api.base-url=http://127.0.0.1:" + port + "/api/v1",
                "-Drci.simulator.enabled=true",
                "-Drci.api.token=sim-token",
                "-Drci.simulator.customers=" + pageSize * pages,
                "-Drci.simulator.page-size=" + pageSize,
                "-Drci.emit=all",
                "-Drci.refresh.enabled=false",
                "-Drci.poll.initial-delay=100ms",
                "-Drci.poll.interval=60m");
        PackagedApp.Started app = PackagedApp.start(props);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(pages * 3L + 90);
            while (!app.output().matches("(?s).*sweep \\S+ (finished|STOPPED).*")) {
                if (System.nanoTime() > deadline || !app.process().isAlive()) {
                    throw new IllegalStateException("no sweep summary:\n" + app.output());
                }
                app.process().waitFor(500, TimeUnit.MILLISECONDS);
            }
            JsonNode requests = MAPPER.readTree(HTTP.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/_sim/requests"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body());
            List<Instant> times = new ArrayList<>();
            last429s = 0;
            for (JsonNode r : requests) {
                if (r.get("path").asText().startsWith("/api/v1/customers")) {
                    times.add(Instant.parse(r.get("time").asText()));
                    last429s += r.get("status").asInt() == 429 ? 1 : 0;
                }
            }
            long millis =
                    Duration.between(times.get(0), times.get(times.size() - 1)).toMillis();
            return (times.size() - 1) * 60_000.0 / millis;
        } finally {
            app.process().destroy();
            app.process().waitFor(30, TimeUnit.SECONDS);
            Files.deleteIfExists(Path.of(app.log().toString()));
        }
    }
}
