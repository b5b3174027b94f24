package com.rcistream.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;

import com.rcistream.testing.KafkaAndHttpPorts;
import com.rcistream.testing.LatencyProxy;
import com.rcistream.testing.PackagedApp;
import com.rcistream.testing.PackagedApp.Run;
import com.rcistream.testing.TopicReader;

/**
 * The packaged application in the Deployment's heap (-Xmx256m) against pages of 8,000 customers (6.1 MB answers)
 * with Kafka 50 ms away, so that pages pile up in flight: the sweep completes, no OutOfMemoryError, and the
 * collector is not thrashing.
 */
class BoundedMemoryIT {

    static final int PAGE = 8_000;
    static final int CUSTOMERS = 8 * PAGE;
    /** The share of the run the JVM may spend in GC pauses before it counts as thrashing. */
    static final double MAX_GC_SHARE = 0.2;

    static final Pattern PAUSE = Pattern.compile("\\[gc *\\].* Pause .* (\\d+(?:\\.\\d+)?)ms");

    static EmbeddedKafkaBroker broker;
    static LatencyProxy proxy;

    @BeforeAll
    static void startKafka() {
        int kafkaPort = KafkaAndHttpPorts.freePort();
        int proxyPort = KafkaAndHttpPorts.freePort();
        broker = new EmbeddedKafkaBroker()
                .withKafkaPort(kafkaPort)
                .withAdvertisedListeners("PLAINTEXT://127.0.0.1:" + proxyPort)
                .withDeleteLogDirsOnClose(true)
                .start();
        proxy = new LatencyProxy(proxyPort, kafkaPort, 25);
    }

    @AfterAll
    static void stopKafka() {
        proxy.close();
        broker.close();
    }

    @Test
    void largePagesWithKafkaFarAwaySweepToTheEndInTheDeploymentsHeap() throws Exception {
        List<String> props = new ArrayList<>(List.of(
                "-Xmx256m",
                // the full compiler, as the Deployment runs: the other *ITs' client compiler only would lower the GC
                // share this test bounds
                "-XX:TieredStopAtLevel=4",
                "-XX:+ExitOnOutOfMemoryError",
                "-Xlog:gc:stdout:tags",
                "-Dkafka.bootstrap.servers=127.0.0.1:" + proxy.port(),
                "-Drci.refresh.enabled=false"));
        props.addAll(PackagedApp.oneSimulatedSweep(CUSTOMERS, PAGE));

        long start = System.nanoTime();
        Run run = PackagedApp.runToExit(props, 240);
        double seconds = (System.nanoTime() - start) / 1e9;
        String output = run.output();

        assertFalse(output.contains("OutOfMemoryError"), tail(output));
        assertEquals(0, run.exitCode(), tail(output));
        assertTrue(output.contains(CUSTOMERS + " customers read"), tail(output));
        List<ConsumerRecord<String, String>> records =
                TopicReader.readAll("127.0.0.1:" + proxy.port(), "rci.customers");
        assertEquals(
                CUSTOMERS,
                records.stream()
                        .map(ConsumerRecord::key)
                        .collect(Collectors.toSet())
                        .size(),
                "every customer is on rci.customers");
        double gcShare = pauseSeconds(output) / seconds;
        System.out.printf("BoundedMemoryIT: %.1f s, %.1f%% of it in GC pauses%n", seconds, 100 * gcShare);
        assertTrue(gcShare < MAX_GC_SHARE, "GC pauses took " + Math.round(100 * gcShare) + "% of the run");
    }

    /** The GC pauses the JVM logged (-Xlog:gc), in seconds. */
    static double pauseSeconds(String output) {
        Matcher pause = PAUSE.matcher(output);
        double millis = 0;
        while (pause.find()) {
            millis += Double.parseDouble(pause.group(1));
        }
        return millis / 1000;
    }

    /** The application's last lines, without the GC log's. */
    private static String tail(String output) {
        String log = output.lines().filter(line -> !line.startsWith("[gc")).collect(Collectors.joining("\n"));
        return log.substring(Math.max(0, log.length() - 6000));
    }
}
