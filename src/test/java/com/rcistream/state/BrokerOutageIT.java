package com.rcistream.state;

import static com.rcistream.state.OutageSweep.CUSTOMERS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.rcistream.testing.TopicReader;

/** The broker stops in the middle of a sweep and comes back on the same address with its data: nothing is lost. */
class BrokerOutageIT {

    @TempDir
    Path logDir;

    @Test
    void brokerStoppedAndRestartedMidSweepLosesNoCustomer() throws Exception {
        try (OutageSweep sweep = new OutageSweep(logDir, List.of("-Drci.poll.max-sweeps=1"))) {
            sweep.stopTheBrokerMidSweep();
            // the outage lasts until the application has noticed it (its producer cannot reach the broker)
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> sweep.output().contains("could not be established")
                            || !sweep.app.process().isAlive());
            sweep.broker.start();

            assertTrue(sweep.app.process().waitFor(180, TimeUnit.SECONDS), "the sweep did not end:\n" + sweep.output());
            assertEquals(0, sweep.app.process().exitValue(), sweep.output());
            Set<String> keys = TopicReader.readAll(sweep.broker.bootstrapServers(), "rci.customers").stream()
                    .map(ConsumerRecord::key)
                    .collect(Collectors.toSet());
            assertEquals(CUSTOMERS, keys.size(), "every customer is on rci.customers");
        }
    }
}
