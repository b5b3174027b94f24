package com.rcistream.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rcistream.testing.KafkaAndHttpPorts;
import com.rcistream.testing.PackagedApp;

/**
 * Capacity with many accounts (issue 18): the packaged bundle at the Deployment's heap sweeps N simulated accounts of
 * 2,000 customers each from a token directory, every account at the real budget (60 requests a minute, the simulator's
 * sliding limiter per token, 100 customers a page), the simulator a packaged application of its own. Measured per run:
 * each account's list requests a minute (min, median) and 429s from the simulator's request log, and the bundle's CPU
 * seconds and peak resident memory from /proc, for the first sweep (everything new) and for a steady state of
 * back-to-back sweeps with rci.emit=changes and 2% of each account's customers changed a sweep. A fresh broker each
 * run, so that no fingerprint of an earlier run is read back. Run with scripts/bench.sh accounts; figures go to
 * docs/benchmarks.md.
 */
public final class AccountsBenchmark {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int CUSTOMERS = 2_000;
    private static final int PAGE = 100;
    /** A sweep at the throttle's ceiling: 20 pages, 1,020 ms apart. */
    private static final long SWEEP_MILLIS = CUSTOMERS / PAGE * 1_020L;

    private static final String LIST = "/api/v1/customers";
    private static final Pattern SUMMARY = Pattern.compile(
            "account (\\S+): sweep \\S+ (finished|STOPPED.*?) in ([0-9.]+) s: \\d+ pages, (\\d+) customers read \\((\\d+) unchanged");

    public static void main(String[] args) throws Exception {
        int[] sizes = args.length > 0
                ? Arrays.stream(args).mapToInt(Integer::parseInt).toArray()
                : new int[] {1, 10, 100, 500};
        int rounds = Integer.getInteger("bench.rounds", 2);
        long steadySeconds = Long.getLong("bench.steady-seconds", 120);
        System.out.println(
                "| accounts | round | phase | load before (1 min) | wall | requests a minute an account,"
                        + " min / median | 429s | bundle CPU s | simulator CPU s | bundle RSS peak | changed a sweep (median) |");
        System.out.println("| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (int accounts : sizes) {
            for (int round = 1; round <= rounds; round++) {
                run(accounts, round, steadySeconds);
            }
        }
        System.exit(0);
    }

    /** The figures of one phase of one run, across the accounts. */
    private record Phase(
            double wallSeconds,
            double minPerMinute,
            double medianPerMinute,
            long tooMany,
            double bundleCpu,
            double simulatorCpu,
            long rssPeakKiB,
            String changed) {}

    private static void run(int accounts, int round, long steadySeconds) throws Exception {
        String loadavg = Files.readString(Path.of("/proc/loadavg")).trim();
        String load = loadavg.split(" ")[0];
        System.err.printf("%s: %d accounts, round %d, load average %s%n", Instant.now(), accounts, round, loadavg);
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker()
                .withKafkaPort(KafkaAndHttpPorts.freePort())
                .withDeleteLogDirsOnClose(true)
                .start();
        Path tokens = Files.createTempDirectory("rci-tokens");
        Simulator api = null;
        PackagedApp.Started bundle = null;
        ScheduledExecutorService mutator = Executors.newSingleThreadScheduledExecutor();
        try {
            api = new Simulator(broker.getAdvertisedListeners(), accounts);
            for (int i = 1; i <= accounts; i++) {
                Files.writeString(tokens.resolve("store-" + i), "sim-token-store-" + i + "\n");
            }
            List<String> settings = new ArrayList<>(List.of(
                    "-Xmx256m",
                    // as the image runs it (src/main/docker/Dockerfile.jvm)
                    "-XX:+ExitOnOutOfMemoryError",
                    "-Dquarkus.http.port=" + KafkaAndHttpPorts.freePort(),
                    "-Dkafka.bootstrap.servers=" + broker.getAdvertisedListeners(),
                    "-Drci.api.base-url=" + api.base(),
                    "-Drci.accounts.token-dir=" + tokens,
                    "-Drci.accounts.concurrent-sweeps=" + Integer.getInteger("bench.concurrent-sweeps", accounts),
                    "-Drci.emit=changes",
                    "-Drci.refresh.enabled=false",
                    "-Drci.poll.initial-delay=100ms",
                    // every account sweeps back to back, so that it uses its whole budget
                    "-Drci.poll.interval=1s"));
            String extra = System.getProperty("bench.args", "").trim();
            if (!extra.isEmpty()) {
                settings.addAll(List.of(extra.split("\\s+")));
            }
            Instant launched = Instant.now();
            bundle = PackagedApp.start(settings);
            Watch watch = new Watch(bundle, api.app.process().pid());
            long firstDeadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(Long.getLong("bench.first-minutes", 15));
            while (watch.finishedAccounts() < accounts) {
                if (System.nanoTime() > firstDeadline || !bundle.process().isAlive()) {
                    System.out.printf(
                            "| %d | %d | first sweep | %s | not done: %d of %d accounts finished, %s | | | | | %d MiB | |%n",
                            accounts,
                            round,
                            load,
                            watch.finishedAccounts(),
                            accounts,
                            bundle.process().isAlive() ? "timed out" : "the bundle exited",
                            watch.rssPeak / 1024);
                    System.err.println(tail(bundle.output(), 40));
                    return;
                }
                watch.sample(250);
            }
            Instant firstDone = Instant.now();
            System.err.println("first sweeps: " + watch.lengths());
            double[] atFirst = {watch.bundleCpu(), watch.simulatorCpu()};
            long rssFirst = watch.rssPeak;
            // 2% of each account's customers changed a sweep, from now on
            long period = SWEEP_MILLIS;
            Simulator sim = api;
            mutator.scheduleAtFixedRate(
                    () -> {
                        for (int i = 1; i <= accounts; i++) {
                            sim.post("/_sim/mutate?account=store-" + i + "&count=" + CUSTOMERS / 50);
                        }
                    },
                    0,
                    period,
                    TimeUnit.MILLISECONDS);
            // one sweep of every account with changes before the window opens
            long warmUp = 2 * SWEEP_MILLIS;
            watch.sampleFor(warmUp);
            Instant from = Instant.now();
            double[] atFrom = {watch.bundleCpu(), watch.simulatorCpu()};
            watch.rssPeak = 0;
            watch.changedPerSweep.clear();
            System.err.println("warm-up: " + watch.lengths());
            watch.sampleFor(steadySeconds * 1000);
            Instant to = Instant.now();
            System.err.println("steady window: " + watch.lengths());
            double[] atTo = {watch.bundleCpu(), watch.simulatorCpu()};
            mutator.shutdownNow();
            if (!bundle.process().isAlive()) {
                System.out.printf("| %d | %d | steady | %s | the bundle exited | | | | | | |%n", accounts, round, load);
                System.err.println(tail(bundle.output(), 40));
                return;
            }
            Map<String, List<JsonNode>> requests = api.requestsByAccount();
            Phase first = firstSweeps(requests, accounts);
            print(
                    accounts,
                    round,
                    "first sweep",
                    load,
                    new Phase(
                            (firstDone.toEpochMilli() - launched.toEpochMilli()) / 1000.0,
                            first.minPerMinute,
                            first.medianPerMinute,
                            first.tooMany,
                            atFirst[0],
                            atFirst[1],
                            rssFirst,
                            ""));
            Phase steady = window(requests, accounts, from, to);
            print(
                    accounts,
                    round,
                    "steady",
                    load,
                    new Phase(
                            (to.toEpochMilli() - from.toEpochMilli()) / 1000.0,
                            steady.minPerMinute,
                            steady.medianPerMinute,
                            steady.tooMany,
                            atTo[0] - atFrom[0],
                            atTo[1] - atFrom[1],
                            watch.rssPeak,
                            watch.changedMedian()));
        } finally {
            mutator.shutdownNow();
            if (bundle != null) {
                bundle.process().destroy();
                if (!bundle.process().waitFor(60, TimeUnit.SECONDS)) {
                    System.err.println("the bundle did not stop within 60 s of SIGTERM: killed");
                    bundle.process().destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                }
                Files.deleteIfExists(bundle.log());
            }
            if (api != null) {
                api.close();
            }
            broker.close();
            try (var files = Files.list(tokens)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(tokens);
        }
    }

    private static void print(int accounts, int round, String phase, String load, Phase p) {
        System.out.printf(
                "| %d | %d | %s | %s | %.0f s | %.1f / %.1f | %d | %.1f | %.1f | %d MiB | %s |%n",
                accounts,
                round,
                phase,
                load,
                p.wallSeconds,
                p.minPerMinute,
                p.medianPerMinute,
                p.tooMany,
                p.bundleCpu,
                p.simulatorCpu,
                p.rssPeakKiB / 1024,
                p.changed);
    }

    /** Each account's first sweep (its list requests up to its second first page): requests a minute across it. */
    private static Phase firstSweeps(Map<String, List<JsonNode>> requests, int accounts) {
        double[] rates = new double[accounts];
        long tooMany = 0;
        for (int i = 1; i <= accounts; i++) {
            List<JsonNode> mine = requests.getOrDefault("store-" + i, List.of());
            List<Instant> times = new ArrayList<>();
            for (JsonNode r : mine) {
                boolean firstPage = r.get("path").asText().equals(LIST);
                if (firstPage && !times.isEmpty()) {
                    break;
                }
                times.add(Instant.parse(r.get("time").asText()));
                tooMany += r.get("status").asInt() == 429 ? 1 : 0;
            }
            long millis = times.size() < 2
                    ? 0
                    : times.get(times.size() - 1).toEpochMilli() - times.get(0).toEpochMilli();
            rates[i - 1] = millis == 0 ? 0 : (times.size() - 1) * 60_000.0 / millis;
        }
        Arrays.sort(rates);
        return new Phase(0, rates[0], rates[accounts / 2], tooMany, 0, 0, 0, "");
    }

    /** Each account's list requests between from and to, a minute. */
    private static Phase window(Map<String, List<JsonNode>> requests, int accounts, Instant from, Instant to) {
        double minutes = (to.toEpochMilli() - from.toEpochMilli()) / 60_000.0;
        double[] rates = new double[accounts];
        long tooMany = 0;
        for (int i = 1; i <= accounts; i++) {
            int count = 0;
            for (JsonNode r : requests.getOrDefault("store-" + i, List.of())) {
                Instant at = Instant.parse(r.get("time").asText());
                if (!at.isBefore(from) && at.isBefore(to)) {
                    count++;
                    tooMany += r.get("status").asInt() == 429 ? 1 : 0;
                }
            }
            rates[i - 1] = count / minutes;
        }
        Arrays.sort(rates);
        return new Phase(0, rates[0], rates[accounts / 2], tooMany, 0, 0, 0, "");
    }

    /** The simulator: a packaged application that only serves its accounts, each at 60 requests a minute. */
    private static final class Simulator implements AutoCloseable {
        final int port = KafkaAndHttpPorts.freePort();
        final PackagedApp.Started app;

        Simulator(String kafka, int accounts) throws Exception {
            app = PackagedApp.start(List.of(
                    System.getProperty("bench.simulator-heap", "-Xmx1g"),
                    "-Dquarkus.http.port=" + port,
                    "-Dkafka.bootstrap.servers=" + kafka,
                    "-Drci.simulator.enabled=true",
                    "-Drci.api.token=sim-token",
                    "-Drci.simulator.accounts=" + accounts,
                    "-Drci.simulator.customers=" + CUSTOMERS,
                    "-Drci.simulator.page-size=" + PAGE,
                    "-Drci.poll.enabled=false",
                    "-Drci.refresh.enabled=false"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (get("/_sim/stats") == null) {
                if (System.nanoTime() > deadline || !app.process().isAlive()) {
                    throw new IllegalStateException("the simulator did not start:\n" + app.output());
                }
                app.process().waitFor(200, TimeUnit.MILLISECONDS);
            }
        }

        String base() {
            return "http://127.0.0.1:" + port + "/api/v1";
        }

        /** The list requests of the request log, by account, oldest first. */
        Map<String, List<JsonNode>> requestsByAccount() throws IOException {
            Map<String, List<JsonNode>> byAccount = new HashMap<>();
            for (JsonNode r : MAPPER.readTree(get("/_sim/requests"))) {
                if (r.has("account") && r.get("path").asText().startsWith(LIST)) {
                    byAccount
                            .computeIfAbsent(r.get("account").asText(), a -> new ArrayList<>())
                            .add(r);
                }
            }
            return byAccount;
        }

        String get(String path) {
            try {
                HttpResponse<String> answer = HTTP.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                return answer.statusCode() == 200 ? answer.body() : null;
            } catch (Exception e) {
                return null;
            }
        }

        void post(String path) {
            try {
                HTTP.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
            } catch (Exception e) {
                System.err.println("mutate failed: " + e);
            }
        }

        @Override
        public void close() throws Exception {
            app.process().destroy();
            app.process().waitFor(30, TimeUnit.SECONDS);
            Files.deleteIfExists(app.log());
        }
    }

    /** Samples both processes from /proc and follows the bundle's sweep summaries in its log. */
    private static final class Watch {
        final PackagedApp.Started bundle;
        final long simulatorPid;
        final Map<String, Integer> sweeps = new HashMap<>();
        final List<Long> changedPerSweep = new ArrayList<>();
        final List<Double> sweepSeconds = new ArrayList<>();
        final Map<String, Integer> stoppedReasons = new HashMap<>();
        long rssPeak;
        long simulatorRssPeak;
        private long logOffset;
        private final StringBuilder partial = new StringBuilder();

        Watch(PackagedApp.Started bundle, long simulatorPid) {
            this.bundle = bundle;
            this.simulatorPid = simulatorPid;
        }

        int finishedAccounts() {
            return sweeps.size();
        }

        double bundleCpu() {
            return ProcStats.cpuTicks(bundle.process().pid()) / 100.0;
        }

        double simulatorCpu() {
            return ProcStats.cpuTicks(simulatorPid) / 100.0;
        }

        /** The sweeps' lengths since the last call, min / median / max, and how many ended stopped. */
        String lengths() {
            double[] sorted = sweepSeconds.stream()
                    .mapToDouble(Double::doubleValue)
                    .sorted()
                    .toArray();
            sweepSeconds.clear();
            String stopped = stoppedReasons.isEmpty() ? "" : ", stopped: " + stoppedReasons;
            stoppedReasons.clear();
            return sorted.length == 0
                    ? "none"
                    : String.format(
                                    "%d sweeps of %.1f / %.1f / %.1f s (min / median / max), simulator RSS peak %d MiB",
                                    sorted.length,
                                    sorted[0],
                                    sorted[sorted.length / 2],
                                    sorted[sorted.length - 1],
                                    simulatorRssPeak / 1024)
                            + stopped;
        }

        String changedMedian() {
            if (changedPerSweep.isEmpty()) {
                return "";
            }
            long[] sorted =
                    changedPerSweep.stream().mapToLong(Long::longValue).sorted().toArray();
            return sorted[sorted.length / 2] + " (" + sorted.length + " sweeps)";
        }

        void sampleFor(long millis) throws Exception {
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            while (System.nanoTime() < end && bundle.process().isAlive()) {
                sample(250);
            }
        }

        void sample(long waitMillis) throws Exception {
            rssPeak = Math.max(rssPeak, ProcStats.rssKiB(bundle.process().pid()));
            simulatorRssPeak = Math.max(simulatorRssPeak, ProcStats.rssKiB(simulatorPid));
            readLog();
            bundle.process().waitFor(waitMillis, TimeUnit.MILLISECONDS);
        }

        /** The summary lines written since the last read: each account's sweeps and, past its first, changes. */
        private void readLog() throws IOException {
            try (RandomAccessFile file = new RandomAccessFile(bundle.log().toFile(), "r")) {
                long length = file.length();
                if (length <= logOffset) {
                    return;
                }
                byte[] bytes = new byte[(int) (length - logOffset)];
                file.seek(logOffset);
                file.readFully(bytes);
                logOffset = length;
                partial.append(new String(bytes, StandardCharsets.UTF_8));
            }
            int end = partial.lastIndexOf("\n");
            if (end < 0) {
                return;
            }
            for (String line : partial.substring(0, end).split("\n")) {
                Matcher m = SUMMARY.matcher(line);
                if (m.find()) {
                    int count = sweeps.merge(m.group(1), 1, Integer::sum);
                    sweepSeconds.add(Double.parseDouble(m.group(3)));
                    if (!m.group(2).equals("finished")) {
                        stoppedReasons.merge(m.group(2), 1, Integer::sum);
                    }
                    if (count > 1) {
                        changedPerSweep.add(Long.parseLong(m.group(4)) - Long.parseLong(m.group(5)));
                    }
                }
            }
            partial.delete(0, end + 1);
        }
    }

    private static String tail(String output, int lines) {
        String[] all = output.split("\n");
        return String.join("\n", Arrays.copyOfRange(all, Math.max(0, all.length - lines), all.length));
    }
}
