package com.rcistream.sweep;

import static com.rcistream.testing.Sweep.CUSTOMERS;
import static com.rcistream.testing.Sweep.DEAD_LETTER;
import static com.rcistream.testing.Sweep.EMAIL;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import com.fasterxml.jackson.databind.JsonNode;
import com.rcistream.simulator.RecordedRequest;
import com.rcistream.testing.EmitChangesProfile;
import com.rcistream.testing.FlakyRule;
import com.rcistream.testing.KafkaAndHttpPorts;
import com.rcistream.testing.SimulatedApiTestBase;
import com.rcistream.testing.Sweep;

/**
 * Months without anyone watching: a page that fails for good, a pagination that loops, a walk that never ends, a
 * custom rule that throws. No sweep is held hostage by one page or one customer, and none runs for ever. 10 pages of
 * 20, change detection on (as in production), a page cap of 12, and a rule that can be made to throw.
 */
@QuarkusTest
@Tag("application")
@QuarkusTestResource(KafkaAndHttpPorts.class)
@TestProfile(EmitChangesProfile.class)
class UnattendedSweepTest extends SimulatedApiTestBase {

    static final int PAGE = EmitChangesProfile.PAGE_SIZE;
    static final int MAX_RETRIES = 4;

    @Inject
    FlakyRule flakyRule;

    /** Every test leaves the sweeps as it found them: faults off, no checkpoint, the last sweep finished. */
    @AfterEach
    void finishCleanly() {
        flakyRule.failFor(null);
        simulator.reset();
        checkpoints.clear("");
        assertFalse(Sweep.run(producer).progress().failed(), "a clean sweep after the test");
    }

    @Test
    void pageThatAlwaysAnswers500NoLongerPinsTheSweepsAndThePagesBeforeItStayFresh() throws Exception {
        simulator.faults().setFailingPage(4);
        String redacted = simulator.ids().get(3);
        String withdrawn = simulator.ids().stream()
                .skip(PAGE)
                .filter(id -> !simulator.isRedacted(id))
                .findFirst()
                .orElseThrow();

        Sweep first = sweepAndCountBadPage();
        assertTrue(first.progress().failed());
        assertEquals(4, first.progress().pages(), "pages 1-4 read, page 5 broken");
        simulator.redact(redacted);
        simulator.setConsent(withdrawn, false, false);

        Sweep second = sweepAndCountBadPage();
        assertTrue(second.progress().failed());
        assertEquals(0, second.progress().pages(), "resumed at the checkpoint, on the broken page");
        assertEquals(List.of(), second.on(CUSTOMERS, redacted), "the redaction is not seen yet");

        Sweep third = sweepAndCountBadPage();
        assertTrue(third.progress().failed());
        assertEquals(4, third.progress().pages(), "failed twice at the same page: started at page one again");
        List<ConsumerRecord<String, String>> erased = third.on(CUSTOMERS, redacted);
        assertEquals(1, erased.size(), "the redaction on page 1 is seen");
        assertNull(erased.get(0).value(), "a tombstone");
        assertEquals(1, third.on(EMAIL, withdrawn).size(), "the consent withdrawal on page 2 is seen");
        assertNull(third.on(EMAIL, withdrawn).get(0).value());

        given().get("/q/health/well")
                .then()
                .statusCode(503)
                .body("checks.find { it.name == 'rci-sweeps' }.data.consecutive_failed_sweeps", equalTo(3))
                .body("checks.find { it.name == 'rci-sweeps' }.data.reason", containsString("500"));
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200).body(containsString("rci_sweep_consecutive_failures 3.0"));

        simulator.faults().clear();
        Sweep mended = Sweep.run(producer);
        assertFalse(mended.progress().failed(), mended.progress().summary());
        assertEquals(10, mended.progress().pages(), "every page once the broken one answers again");
        given().get("/q/health/well").then().statusCode(200);
        given().get("/q/metrics").then().body(containsString("rci_sweep_consecutive_failures 0.0"));
    }

    @Test
    void selfLinkingPageEndsTheSweepWithOnePaginationLoopDeadLetterAndTheNextStartsAtPageOne() throws Exception {
        simulator.faults().setSelfLinkPage(3);
        int before = simulator.requests().size();

        Sweep looped = Sweep.run(producer, Duration.ofSeconds(60));

        assertTrue(looped.progress().failed());
        assertEquals(1, looped.on(DEAD_LETTER).size(), "one dead letter");
        JsonNode envelope = mapper.readTree(looped.on(DEAD_LETTER).get(0).value());
        assertTrue(envelope.get("reason").asText().startsWith("pagination-loop"), envelope.toString());
        assertEquals("follow-next-link", envelope.get("stage").asText());
        List<RecordedRequest> requests =
                simulator.requests().subList(before, simulator.requests().size());
        String loopingPage = requests.get(3).pathAndQuery();
        assertTrue(
                requests.stream()
                                .filter(r -> r.pathAndQuery().equals(loopingPage))
                                .count()
                        <= 2,
                "the looping page fetched at most twice: " + requests);
        assertNull(checkpoints.load(""), "no checkpoint: the next sweep starts at page one");

        int beforeNext = simulator.requests().size();
        Sweep next = Sweep.run(producer, Duration.ofSeconds(60));
        assertEquals("/api/v1/customers", simulator.requests().get(beforeNext).pathAndQuery());
        assertEquals(1, next.on(DEAD_LETTER).size(), "dead-lettered once a sweep");
    }

    @Test
    void walkPastThePageCapEndsWithADeadLetterAndTheNextSweepStartsAtPageOne() throws Exception {
        simulator.setCustomers(300);

        Sweep capped = Sweep.run(producer, Duration.ofSeconds(60));

        assertTrue(capped.progress().failed());
        assertEquals(12, capped.progress().pages(), "rci.sweep.max-pages");
        assertEquals(1, capped.on(DEAD_LETTER).size());
        assertTrue(mapper.readTree(capped.on(DEAD_LETTER).get(0).value())
                .get("reason")
                .asText()
                .contains("rci.sweep.max-pages (12)"));
        assertNull(checkpoints.load(""), "the next sweep starts at page one");
    }

    @Test
    void ruleThatThrowsForOneCustomerDeadLettersItNamingTheRuleAndTheSweepGoesOn() throws Exception {
        // every customer changes, so that each one is published by this sweep
        Set<String> changed = Set.copyOf(simulator.mutate((int)
                simulator.ids().stream().filter(id -> !simulator.isRedacted(id)).count()));
        String victim = simulator.ids().get(PAGE + 5);
        flakyRule.failFor(victim);

        Sweep sweep = Sweep.run(producer);

        assertFalse(sweep.progress().failed(), sweep.progress().summary());
        assertEquals(10, sweep.progress().pages());
        assertEquals(1, sweep.on(DEAD_LETTER).size(), "one dead letter");
        ConsumerRecord<String, String> dead = sweep.on(DEAD_LETTER).get(0);
        assertEquals(victim, dead.key());
        JsonNode envelope = mapper.readTree(dead.value());
        assertEquals("rule", envelope.get("stage").asText());
        assertEquals(victim, envelope.get("record_id").asText());
        assertTrue(envelope.get("reason").asText().contains("rule-flaky"), envelope.toString());
        assertTrue(keys(sweep.on(CUSTOMERS)).containsAll(changed), "every changed customer published");

        flakyRule.failFor(null);
        Sweep next = Sweep.run(producer);
        assertEquals(Set.of(victim), keys(next.on(CUSTOMERS)), "the customer the rule failed for, and only it, again");
        assertEquals(List.of(), next.on(DEAD_LETTER));
    }

    private static Set<String> keys(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(ConsumerRecord::key).collect(Collectors.toSet());
    }

    /** One sweep, checking that the broken page was asked for at most 1 + rci.api.max-retries times in it. */
    private Sweep sweepAndCountBadPage() {
        int before = simulator.requests().size();
        Sweep sweep = Sweep.run(producer);
        long failures = simulator
                .requests()
                .subList(before, simulator.requests().size())
                .stream()
                .filter(r -> r.status() == 500)
                .count();
        assertTrue(failures <= 1 + MAX_RETRIES, failures + " requests of the broken page in one sweep");
        assertEquals(1, sweep.on(DEAD_LETTER).size(), "dead-lettered once a sweep");
        return sweep;
    }
}
