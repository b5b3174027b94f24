package com.rcistream.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rcistream.testing.KafkaAndHttpPorts;
import com.rcistream.testing.PackagedApp;

/**
 * The bundle with the API budget lifted against a hand-written baseline in the same run: BaselineLoop, in a JVM of its
 * own with the same heap and the bundle's producer settings, publishing the same records from the same simulator.
 * Each runs five times over the account and is measured cold (the first time) and warm (the median of the third to
 * fifth: the bundle runs five sweeps, every customer published each time), as a bundle that polls for months runs
 * nearly all its sweeps; that in bench.rounds rounds (3), for the spread, with both processes' CPU seconds.
 * Then the bundle's start-up time to its first API
 * request and its resident memory during a long sweep, with the container's heap setting. Run with
 * scripts/bench.sh baseline; figures go to docs/benchmarks.md.
 */
public final class BaselineBenchmark {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** SweepCoordinator (and loops) of each run: the first is measured cold, the median of the last three warm. */
    private static final int SWEEPS = 5;

    private static final Pattern SUMMARY = Pattern.compile("sweep \\S+ finished in ([0-9.]+) s");
    private static final Pattern WALK = Pattern.compile("walk \\d+: ([0-9.]+) customers a second");
    private static final Pattern CPU = Pattern.compile("cpu: ([0-9.]+) s");

    public static void main(String[] args) throws Exception {
        int customers = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int longSweep = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        String heap = System.getProperty("bench.heap", "-Xmx256m");
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker()
                .withKafkaPort(KafkaAndHttpPorts.freePort())
                .withDeleteLogDirsOnClose(true)
                .start();
        try {
            String kafka = broker.getAdvertisedListeners();
            int rounds = Integer.getInteger("bench.rounds", 3);
            List<double[]> ratios = new ArrayList<>();
            System.out.printf("| round | sweep | baseline (customers a second) | bundle (customers a second)"
                    + " | bundle / baseline | CPU seconds, baseline / bundle |%n");
            System.out.printf("| ---: | --- | ---: | ---: | ---: | ---: |%n");
            try (Api api = new Api(kafka, customers)) {
                for (int round = 1; round <= rounds; round++) {
                    // the bundle first: it creates the topics (compacted) that the loop then writes to as well
                    Run bundle = bundle(kafka, api, heap, SWEEPS);
                    Loop loop = Boolean.getBoolean("bench.bundle-only")
                            ? new Loop(new double[SWEEPS], Double.NaN)
                            : loop(kafka, api.base(), customers, heap);
                    double warmLoop = medianOfLastThree(loop.perSecond());
                    ratios.add(new double[] {bundle.firstPerSecond / loop.perSecond()[0], bundle.perSecond / warmLoop});
                    String cpu = String.format("%.1f / %.1f", loop.cpuSeconds(), bundle.cpuSeconds);
                    System.out.printf(
                            "| %d | first (cold JVM) | %.0f | %.0f | %.2f | %s |%n",
                            round, loop.perSecond()[0], bundle.firstPerSecond, ratios.get(round - 1)[0], cpu);
                    System.out.printf(
                            "| %d | warm (median of the 3rd to 5th) | %.0f | %.0f | %.2f | |%n",
                            round, warmLoop, bundle.perSecond, ratios.get(round - 1)[1]);
                }
            }
            System.out.printf(
                    "%nbundle / baseline over %d rounds of %d customers: cold %s, warm %s (median, min-max)%n%n",
                    rounds, customers, spread(ratios, 0), spread(ratios, 1));
            // 0: no long sweep (to profile the comparison alone)
            if (longSweep > 0) {
                try (Api api = new Api(kafka, longSweep)) {
                    Run big = bundle(kafka, api, heap, 1);
                    System.out.printf("| customers | heap setting | start to first API request | sweep"
                            + " | customers a second | max resident memory |%n");
                    System.out.printf("| ---: | --- | ---: | ---: | ---: | ---: |%n");
                    System.out.printf(
                            "| %d | %s | %.1f s | %.1f s | %.0f | %d MiB |%n",
                            longSweep, heap, big.startSeconds, big.sweepSeconds, big.perSecond, big.maxRssKiB / 1024);
                }
            }
        } finally {
            broker.close();
        }
        System.exit(0);
    }

    /** The API: a packaged application that only serves its simulator (no sweep, no budget to speak of). */
    private static final class Api implements AutoCloseable {
        final int port = KafkaAndHttpPorts.freePort();
        final int customers;
        final PackagedApp.Started app;

        Api(String kafka, int customers) throws Exception {
            this.customers = customers;
            app = PackagedApp.start(List.of(
                    "-Dquarkus.http.port=" + port,
                    "-Dkafka.bootstrap.servers=" + kafka,
                    "-Drci.simulator.enabled=true",
                    "-Drci.api.token=sim-token",
                    "-Drci.simulator.customers=" + customers,
                    "-Drci.simulator.page-size=100",
                    "-Drci.simulator.rate-limit.requests=100000000",
                    "-Drci.poll.enabled=false",
                    "-Drci.refresh.enabled=false"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (get("http://127.0.0.1:" + port + "/_sim/stats") == null) {
                if (System.nanoTime() > deadline || !app.process().isAlive()) {
                    throw new IllegalStateException("the API did not start:\n" + app.output());
                }
                app.process().waitFor(200, TimeUnit.MILLISECONDS);
            }
        }

        String base() {
            return "http://127.0.0.1:" + port + "/api/v1";
        }

        @Override
        public void close() throws Exception {
            app.process().destroy();
            app.process().waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** The hand-written loop's walks (customers a second each) and its process's CPU seconds. */
    private record Loop(double[] perSecond, double cpuSeconds) {}

    /** BaselineLoop in a JVM of its own, with the bundle's heap and producer settings (application.properties). */
    private static Loop loop(String kafka, String base, int customers, String heap) throws Exception {
        Properties bundleSettings = new Properties();
        try (var in = Files.newBufferedReader(Path.of("src/main/resources/application.properties"))) {
            bundleSettings.load(in);
        }
        Process process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        heap,
                        "-cp",
                        System.getProperty("java.class.path"),
                        BaselineLoop.class.getName(),
                        kafka,
                        base,
                        String.valueOf(customers),
                        String.valueOf(SWEEPS),
                        bundleSettings.getProperty("camel.component.kafka.linger-ms", "0"),
                        bundleSettings.getProperty("camel.component.kafka.producer-batch-size", "16384"))
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("the baseline loop failed:\n" + output);
        }
        double[] walks = WALK.matcher(output)
                .results()
                .mapToDouble(m -> Double.parseDouble(m.group(1)))
                .toArray();
        Matcher cpu = CPU.matcher(output);
        if (walks.length != SWEEPS || !cpu.find()) {
            throw new IllegalStateException("the baseline loop did not report " + SWEEPS + " walks:\n" + output);
        }
        return new Loop(walks, Double.parseDouble(cpu.group(1)));
    }

    /** The median and range of one column of the rounds' ratios. */
    private static String spread(List<double[]> ratios, int column) {
        double[] values = ratios.stream().mapToDouble(r -> r[column]).sorted().toArray();
        return String.format("%.2f (%.2f-%.2f)", values[values.length / 2], values[0], values[values.length - 1]);
    }

    /** The warm sweeps' rate and length (the first one's rate too), start-up, resident memory. */
    private record Run(
            double perSecond,
            double firstPerSecond,
            double sweepSeconds,
            double startSeconds,
            long maxRssKiB,
            double cpuSeconds) {}

    /**
     * SweepCoordinator of the packaged bundle over the API's account, one after the other (every customer published each time),
     * its resident memory sampled from /proc.
     */
    private static Run bundle(String kafka, Api api, String heap, int sweeps) throws Exception {
        Instant launched = Instant.now();
        List<String> args = new ArrayList<>(List.of(
                heap,
                "-Dquarkus.http.port=" + KafkaAndHttpPorts.freePort(),
                "-Dkafka.bootstrap.servers=" + kafka,
                "-Drci.api.base-url=" + api.base(),
                "-Drci.api.token=sim-token",
                "-Drci.api.requests-per-minute=100000000",
                "-Drci.api.spacing-margin=0ms",
                "-Drci.emit=all",
                "-Drci.refresh.enabled=false",
                "-Drci.poll.initial-delay=100ms",
                "-Drci.poll.interval=1s",
                "-Drci.poll.max-sweeps=" + sweeps));
        // more JVM options or settings for the bundle, to compare variants (scripts/bench.sh passes BENCH_ARGS)
        String extra = System.getProperty("bench.args", "").trim();
        if (!extra.isEmpty()) {
            args.addAll(List.of(extra.split("\\s+")));
        }
        PackagedApp.Started app = PackagedApp.start(args);
        long maxRss = 0;
        long cpuTicks = 0;
        try {
            while (app.process().isAlive()) {
                maxRss = Math.max(maxRss, ProcStats.rssKiB(app.process().pid()));
                cpuTicks = Math.max(cpuTicks, ProcStats.cpuTicks(app.process().pid()));
                app.process().waitFor(100, TimeUnit.MILLISECONDS);
            }
            Matcher m = SUMMARY.matcher(app.output());
            List<Double> lengths = new ArrayList<>();
            while (m.find()) {
                lengths.add(Double.parseDouble(m.group(1)));
            }
            if (lengths.size() != sweeps) {
                throw new IllegalStateException(sweeps + " sweeps did not finish:\n" + app.output());
            }
            double sweep = sweeps == 1
                    ? lengths.get(0)
                    : medianOfLastThree(
                            lengths.stream().mapToDouble(Double::doubleValue).toArray());
            Instant first = null;
            for (JsonNode r : MAPPER.readTree(get("http://127.0.0.1:" + api.port + "/_sim/requests"))) {
                Instant at = Instant.parse(r.get("time").asText());
                if (at.isAfter(launched) && (first == null || at.isBefore(first))) {
                    first = at;
                }
            }
            double start = first == null ? Double.NaN : (first.toEpochMilli() - launched.toEpochMilli()) / 1000.0;
            return new Run(
                    api.customers / sweep, api.customers / lengths.get(0), sweep, start, maxRss, cpuTicks / 100.0);
        } finally {
            Files.deleteIfExists(Path.of(app.log().toString()));
        }
    }

    private static double medianOfLastThree(double[] values) {
        double[] last = Arrays.copyOfRange(values, values.length - 3, values.length);
        Arrays.sort(last);
        return last[1];
    }

    private static String get(String url) {
        try {
            HttpResponse<String> answer = HTTP.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .header("Authorization", "Bearer sim-token")
                            .header("Accept", "application/vnd.api+json")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return answer.statusCode() == 200 ? answer.body() : null;
        } catch (Exception e) {
            return null;
        }
    }
}
