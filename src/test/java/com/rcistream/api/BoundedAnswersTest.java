package com.rcistream.api;

import static com.rcistream.testing.Sweep.CUSTOMERS;
import static com.rcistream.testing.Sweep.DEAD_LETTER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import com.fasterxml.jackson.databind.JsonNode;
import com.rcistream.simulator.RecordedRequest;
import com.rcistream.testing.KafkaAndHttpPorts;
import com.rcistream.testing.ShortTimeoutsProfile;
import com.rcistream.testing.SimulatedApiTestBase;
import com.rcistream.testing.Sweep;

/**
 * Answers no client should hold: 8 GiB of page (more than the heap), a gzip bomb that inflates to 8 GiB, a server that
 * drips a byte every half second. Each is cut off at its bound, dead-lettered, and the application goes on.
 */
@QuarkusTest
@Tag("application")
@QuarkusTestResource(KafkaAndHttpPorts.class)
@TestProfile(ShortTimeoutsProfile.class)
class BoundedAnswersTest extends SimulatedApiTestBase {

    @Test
    void pageOverTheSizeLimitIsReadOnlyToTheLimitAndDeadLetteredOnce() throws Exception {
        simulator.faults().setOversizedPage(2);

        Sweep sweep = Sweep.run(producer, Duration.ofSeconds(60));

        assertStoppedAtTheLimit(sweep, 2);
        assertEverythingWorksAfterwards();
    }

    @Test
    void gzipBombIsCutOffAtTheSizeLimitOnceInflated() throws Exception {
        simulator.faults().setGzipBombPage(1);

        Sweep sweep = Sweep.run(producer, Duration.ofSeconds(60));

        assertStoppedAtTheLimit(sweep, 1);
        assertEverythingWorksAfterwards();
    }

    @Test
    void answerDrippedOneByteAtATimeHitsTheRequestDeadline() throws Exception {
        simulator.faults().setDripPage(1);
        long started = System.nanoTime();

        Sweep sweep = Sweep.run(producer, Duration.ofSeconds(60));

        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        assertTrue(sweep.progress().failed(), sweep.progress().summary());
        assertEquals(1, sweep.on(DEAD_LETTER).size());
        JsonNode envelope = mapper.readTree(sweep.on(DEAD_LETTER).get(0).value());
        assertTrue(envelope.get("reason").asText().contains("rci.api.request-timeout (2s)"), envelope.toString());
        assertEquals(5, envelope.get("attempts").asInt(), "a timeout is retried (rci.api.max-retries 4): " + envelope);
        assertTrue(seconds < 30, "five 2-second deadlines and short backoffs, not a drip for hours: " + seconds + " s");
        assertEquals(40, sweep.on(CUSTOMERS).size(), "the page before it landed");
    }

    private void assertStoppedAtTheLimit(Sweep sweep, int badPage) throws Exception {
        assertTrue(sweep.progress().failed(), sweep.progress().summary());
        assertEquals(1, sweep.on(DEAD_LETTER).size(), "one dead letter");
        JsonNode envelope = mapper.readTree(sweep.on(DEAD_LETTER).get(0).value());
        assertTrue(envelope.get("reason").asText().contains("rci.api.max-body-size (256 KiB)"), envelope.toString());
        assertEquals(1, envelope.get("attempts").asInt(), "not fetched again: it would be as large again");
        assertEquals("fetch-page", envelope.get("stage").asText());
        assertEquals(badPage * 40, sweep.on(CUSTOMERS).size(), "the pages before it landed");
        List<RecordedRequest> requests = simulator.requests();
        assertEquals(badPage + 1, requests.size(), "each page asked for once: " + requests);
    }

    private void assertEverythingWorksAfterwards() {
        simulator.faults().clear();
        checkpoints.clear("");
        Sweep clean = Sweep.run(producer);
        assertFalse(clean.progress().failed(), clean.progress().summary());
        assertEquals(400, clean.on(CUSTOMERS).size());
    }
}
