package com.rcistream.sweep;

import static com.rcistream.testing.Sweep.CUSTOMERS;
import static com.rcistream.testing.Sweep.EMAIL;
import static com.rcistream.testing.Sweep.REDACTIONS;
import static com.rcistream.testing.Sweep.SMS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.apache.camel.CamelContext;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import com.rcistream.testing.EmitChangesProfile;
import com.rcistream.testing.KafkaAndHttpPorts;
import com.rcistream.testing.SimulatedApiTestBase;
import com.rcistream.testing.SlowOrFailingStep;
import com.rcistream.testing.Sweep;

/**
 * The pages a sweep publishes while its walk goes on (rci.publish.pages-in-flight, 4): a failure of one of them stops
 * the checkpoint whatever failed before, and a customer served on two of them keeps its records in page order.
 * 10 pages of 20, change detection on.
 */
@QuarkusTest
@Tag("application")
@QuarkusTestResource(KafkaAndHttpPorts.class)
@TestProfile(EmitChangesProfile.class)
class PagesInFlightTest extends SimulatedApiTestBase {

    static final int PAGE = EmitChangesProfile.PAGE_SIZE;

    @Inject
    SlowOrFailingStep step;

    @Inject
    CamelContext context;

    @BeforeEach
    void everyCustomerChanges() throws Exception {
        step.weaveInto(context);
        // what was last published is the simulator's first state, whatever earlier tests published: then every
        // customer changes, so that each one is published by the next sweep
        simulator.reset();
        assertFalse(Sweep.run(producer).progress().failed(), "a clean sweep before the test");
        simulator.mutate((int)
                simulator.ids().stream().filter(id -> !simulator.isRedacted(id)).count());
    }

    @AfterEach
    void finishCleanly() {
        step.disarm();
        simulator.reset();
        checkpoints.clear("");
        assertFalse(Sweep.run(producer).progress().failed(), "a clean sweep after the test");
    }

    @Test
    void aPageInFlightThatFailsAfterTheWalkFailedHoldsTheCheckpointAndALaterSweepPublishesIt() {
        String onPage4 = firstUnredactedFrom(3 * PAGE);
        simulator.faults().setFailingPage(5); // page 6, for good
        step.failFor(onPage4); // throws once page 6 has failed the walk, while pages 4 and 5 are in flight

        Sweep failed = Sweep.run(producer);

        assertTrue(failed.progress().failed());
        assertTrue(
                failed.progress().failure().contains("500"), failed.progress().summary());
        assertEquals(List.of(), failed.on(CUSTOMERS, onPage4), "its fan-out failed");

        simulator.faults().clear();
        step.disarm();
        Sweep resumed = Sweep.run(producer);

        assertFalse(resumed.progress().failed(), resumed.progress().summary());
        assertEquals(
                1,
                resumed.on(CUSTOMERS, onPage4).size(),
                "the sweep resumed before page 4 and published the customer whose fan-out failed");
    }

    @Test
    void aCustomerServedOnTwoPagesInFlightEndsAsItsLaterPageSays() {
        String onPage1 = firstUnredactedFrom(0);
        simulator.faults().setRedactedAgain(2, onPage1); // redacted meanwhile and served again on page 3
        // page 1 waits to be routed until page 3's redaction event is published (the only one of the sweep: redacted
        // customers published before are unchanged), at most 3 s
        step.holdUntilPublished(onPage1, REDACTIONS, Duration.ofSeconds(3));

        Sweep sweep = Sweep.run(producer);

        assertFalse(sweep.progress().failed(), sweep.progress().summary());
        for (String topic : List.of(CUSTOMERS, EMAIL, SMS)) {
            List<ConsumerRecord<String, String>> records = sweep.on(topic, onPage1);
            assertEquals(2, records.size(), topic + ": its record from page 1 and its tombstone from page 3");
            assertNull(records.get(1).value(), topic + ": the tombstone is the last record");
        }
        assertEquals(1, sweep.on(REDACTIONS, onPage1).size(), "one redaction event");
    }

    private String firstUnredactedFrom(int index) {
        return simulator.ids().stream()
                .skip(index)
                .filter(id -> !simulator.isRedacted(id))
                .findFirst()
                .orElseThrow();
    }
}
