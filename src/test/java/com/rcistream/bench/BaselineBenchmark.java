package com.rcistream.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rcistream.testing.KafkaAndHttpPorts;
import com.rcistream.testing.PackagedApp;

/**
 * The bundle with the API budget lifted against a hand-written baseline in the same run: a plain loop with the JDK
 * HttpClient, Jackson and a KafkaProducer (async sends, one flush a page) publishing the same records (customers,
 * email, SMS, redactions, fingerprints: the same topics, keys, values and CloudEvents headers) from the same simulator.
 * Each runs five times over the account and is measured cold (the first time) and warm (the median of the third to
 * fifth: the bundle runs five sweeps, every customer published each time), as a bundle that polls for months runs
 * nearly all its sweeps.
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
            try (Api api = new Api(kafka, customers)) {
                // the bundle first: it creates the topics (compacted) that the loop then writes to as well
                Run bundle = bundle(kafka, api, heap, SWEEPS);
                double[] loop = new double[SWEEPS];
                for (int i = 0; i < SWEEPS; i++) {
                    loop[i] = Boolean.getBoolean("bench.bundle-only")
                            ? Double.NaN
                            : baseline(kafka, api.base(), customers);
                }
                System.out.printf("| customers | sweep | baseline (customers a second) | bundle (customers a second)"
                        + " | bundle / baseline |%n");
                System.out.printf("| ---: | --- | ---: | ---: | ---: |%n");
                System.out.printf(
                        "| %d | first (cold JVM) | %.0f | %.0f | %.2f |%n",
                        customers, loop[0], bundle.firstPerSecond, bundle.firstPerSecond / loop[0]);
                double warmLoop = medianOfLastThree(loop);
                System.out.printf(
                        "| %d | warm (median of the 3rd to 5th) | %.0f | %.0f | %.2f |%n%n",
                        customers, warmLoop, bundle.perSecond, bundle.perSecond / warmLoop);
            }
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

    /** The hand-written loop: customers a second over the first {@code customers} of the account. */
    private static double baseline(String kafka, String base, int customers) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        long started = System.nanoTime();
        String sweep = UUID.randomUUID().toString();
        int done = 0;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            String next = base + "/customers";
            while (next != null && done < customers) {
                JsonNode page = MAPPER.readTree(get(next));
                List<Future<RecordMetadata>> sent = new ArrayList<>();
                for (JsonNode resource : page.get("data")) {
                    String id = resource.get("id").asText();
                    ObjectNode value = MAPPER.createObjectNode().put("id", id);
                    value.setAll((ObjectNode) resource.get("attributes"));
                    String json = value.toString();
                    boolean redacted = value.hasNonNull("redacted_at");
                    String time = Instant.now().toString();
                    String type = redacted
                            ? "com.littlestreamsoftware.rci.customer.redacted"
                            : "com.littlestreamsoftware.rci.customer.upserted";
                    sent.add(producer.send(
                            record("rci.customers", id, redacted ? null : json, type, time, sweep, base)));
                    sent.add(producer.send(record(
                            "rci.customers.email-marketing",
                            id,
                            !redacted && value.path("email_marketing_consent").booleanValue() ? json : null,
                            type,
                            time,
                            sweep,
                            base)));
                    sent.add(producer.send(record(
                            "rci.customers.sms-marketing",
                            id,
                            !redacted && value.path("sms_marketing_consent").booleanValue() ? json : null,
                            type,
                            time,
                            sweep,
                            base)));
                    if (redacted) {
                        sent.add(producer.send(record(
                                "rci.customers.redactions", id, "{\"id\":\"" + id + "\"}", type, time, sweep, base)));
                    }
                    sent.add(producer.send(new ProducerRecord<>("rci.customers.fingerprints", id, fingerprint(json))));
                    done++;
                }
                producer.flush();
                for (Future<RecordMetadata> f : sent) {
                    f.get();
                }
                next = page.path("links").path("next").asText(null);
            }
        }
        return done / ((System.nanoTime() - started) / 1e9);
    }

    /** A record as the bundle writes it: its key, value and CloudEvents headers. */
    private static ProducerRecord<String, String> record(
            String topic, String id, String value, String type, String time, String sweep, String source) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, id, value);
        record.headers()
                .add("ce_specversion", bytes("1.0"))
                .add("ce_id", bytes(UUID.randomUUID().toString()))
                .add("ce_source", bytes(source))
                .add("ce_type", bytes(type))
                .add("ce_time", bytes(time))
                .add("ce_subject", bytes(id))
                .add("content-type", bytes("application/json"))
                .add("rci_sweep_id", bytes(sweep));
        return record;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The warm sweeps' rate and length (the first one's rate too), start-up, resident memory. */
    private record Run(
            double perSecond, double firstPerSecond, double sweepSeconds, double startSeconds, long maxRssKiB) {}

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
                maxRss = Math.max(maxRss, rssKiB(app.process().pid()));
                cpuTicks = Math.max(cpuTicks, cpuTicks(app.process().pid()));
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
            System.err.printf(
                    "bundle: %.1f s of CPU for %d sweeps of %d customers%n", cpuTicks / 100.0, sweeps, api.customers);
            return new Run(api.customers / sweep, api.customers / lengths.get(0), sweep, start, maxRss);
        } finally {
            Files.deleteIfExists(Path.of(app.log().toString()));
        }
    }

    private static long rssKiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (Exception e) {
            // the process just ended
        }
        return 0;
    }

    private static double medianOfLastThree(double[] values) {
        double[] last = Arrays.copyOfRange(values, values.length - 3, values.length);
        Arrays.sort(last);
        return last[1];
    }

    /** User and system CPU time of a process so far, in clock ticks (100 a second). */
    private static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (Exception e) {
            return 0;
        }
    }

    private static String fingerprint(String json) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(json.getBytes(StandardCharsets.UTF_8));
        return Long.toHexString(ByteBuffer.wrap(digest).getLong());
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
