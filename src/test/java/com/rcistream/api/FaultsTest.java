package com.rcistream.api;

import static com.rcistream.testing.Sweep.CUSTOMERS;
import static com.rcistream.testing.Sweep.DEAD_LETTER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.apache.camel.Exchange;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rcistream.exchange.ExchangeProperties;
import com.rcistream.simulator.RecordedRequest;
import com.rcistream.testing.KafkaAndHttpPorts;
import com.rcistream.testing.ShortTimeoutsProfile;
import com.rcistream.testing.SimulatedApiTestBase;
import com.rcistream.testing.Sweep;
import com.rcistream.testing.TopicReader;

/** The API misbehaving: 429s with and without Retry-After, 5xx, slow answers past the read timeout, broken bodies. */
@QuarkusTest
@Tag("application")
@QuarkusTestResource(KafkaAndHttpPorts.class)
@TestProfile(ShortTimeoutsProfile.class)
class FaultsTest extends SimulatedApiTestBase {

    @Test
    void retryAfterInSecondsIsWaitedForAndEveryCustomerDelivered() {
        simulator
                .faults()
                .setBurst429Every(4)
                .setBurst429Length(1)
                .setBurst429RetryAfter(Duration.ofSeconds(1))
                .setRetryAfterFormat("seconds");

        Sweep sweep = Sweep.run(producer);

        assertFalse(sweep.progress().failed(), sweep.progress().summary());
        List<Long> waits = waitsAfter429();
        assertFalse(waits.isEmpty(), "the API answered 429");
        waits.forEach(wait -> assertTrue(wait >= 950 && wait < 1_900, "waited " + wait + " ms for Retry-After: 1"));
        assertEquals(simulator.ids().size(), latestPerKey(sweep.on(CUSTOMERS)).size());
        assertEquals(0, simulator.tooManyRequestsSent(), "no request over the budget");
    }

    @Inject
    RciApi api;

    @Test
    void callsWaitingInTheThrottleWhenA429ArrivesWaitOutItsPauseToo() throws Exception {
        // The eight calls once without faults first. The waits are measured where the calls arrive, so a call must
        // reach the API as soon as it leaves the throttle: cold, a call opening its connection took longer than the
        // 100 ms between two calls, and the next one arrived with the 429, sent before the bundle could know of it.
        eightCallsAtOnce();
        simulator.reset();
        simulator
                .faults()
                .setBurst429Every(3)
                .setBurst429Length(1)
                .setBurst429RetryAfter(Duration.ofSeconds(1))
                .setRetryAfterFormat("seconds");

        // eight calls at once: while one meets a 429, the others are queued in the throttle (one call every 100 ms)
        eightCallsAtOnce();

        List<Long> waits = waitsAfter429();
        assertTrue(waits.size() >= 2, "the API answered 429 while calls were queued: " + simulator.requests());
        waits.forEach(wait -> assertTrue(wait >= 950, "a request " + wait + " ms into a 1 s pause"));
        assertEquals(0, simulator.tooManyRequestsSent(), "no request over the budget");
    }

    @Test
    void retryAfterAsAnHttpDateIsWaitedFor() {
        simulator
                .faults()
                .setBurst429Every(5)
                .setBurst429Length(1)
                .setBurst429RetryAfter(Duration.ofSeconds(1))
                .setRetryAfterFormat("date");

        Sweep sweep = Sweep.run(producer);

        assertFalse(sweep.progress().failed(), sweep.progress().summary());
        List<Long> waits = waitsAfter429();
        assertFalse(waits.isEmpty());
        // the date has whole seconds and lies 1 to 2 s ahead; the wait can never exceed the 2 s cap
        waits.forEach(wait -> assertTrue(wait >= 500 && wait < 2_900, "waited " + wait + " ms for an HTTP-date"));
        assertEquals(simulator.ids().size(), latestPerKey(sweep.on(CUSTOMERS)).size());
    }

    @Test
    void retryAfterLongerThanTheCapIsCutToTheCap() {
        simulator.faults().setBurst429Every(6).setBurst429Length(1).setBurst429RetryAfter(Duration.ofSeconds(30));

        Sweep sweep = Sweep.run(producer);

        assertFalse(sweep.progress().failed(), sweep.progress().summary());
        List<Long> waits = waitsAfter429();
        assertFalse(waits.isEmpty());
        waits.forEach(wait -> assertTrue(wait >= 1_950 && wait < 2_900, "waited " + wait + " ms, the cap is 2 s"));
    }

    @Test
    void burstOf429sWithoutRetryAfterEndsWithEveryCustomerDelivered() {
        // six 429s in a row: more than rci.api.max-retries (4), which a 429 must not use up
        simulator
                .faults()
                .setBurst429Every(5)
                .setBurst429Length(6)
                .setRetryAfterFormat("none")
                .setErrorRate(0.05);

        Sweep sweep = Sweep.run(producer);

        assertFalse(sweep.progress().failed(), sweep.progress().summary());
        assertTrue(simulator.burst429Sent() >= 6, "a burst happened");
        assertEquals(simulator.burst429Sent(), sweep.progress().rateLimitedCount());
        assertEquals(simulator.ids().size(), latestPerKey(sweep.on(CUSTOMERS)).size());
        assertEquals(List.of(), sweep.on(DEAD_LETTER), "a 429 is not a failure, and 5xx keep their own retries");
    }

    @Test
    void serverErrorsSlowAnswersAndBrokenBodiesAreRetriedOrDeadLetteredAndEveryValidCustomerLands() throws Exception {
        // 50 pages at one call every 100 ms; errors and broken bodies at 10 % each, so that a sweep this short still
        // meets every kind of fault (slow answers stay at 5 %: each costs a whole read timeout)
        simulator.setCustomers(500);
        simulator.setPageSize(10);
        simulator
                .faults()
                .setErrorRate(0.1)
                .setSlowRate(0.05)
                .setSlowDelay(Duration.ofMillis(1_500))
                .setMalformedRate(0.1);
        Map<Integer, Long> before = TopicReader.endOffsets(CUSTOMERS);
        Map<Integer, Long> deadBefore = TopicReader.endOffsets(DEAD_LETTER);

        int sweeps = 0;
        int stopped = 0;
        Sweep sweep;
        do {
            sweep = Sweep.run(producer);
            sweeps++;
            stopped += sweep.progress().failed() ? 1 : 0;
        } while (sweep.progress().failed() && sweeps < 5);

        assertFalse(sweep.progress().failed(), "finished within 5 sweeps (resuming from the checkpoint)");
        assertTrue(simulator.requests().stream().anyMatch(r -> r.status() >= 500), "5xx were injected");
        assertTrue(simulator.requestsServed() > 50, "some of the 50 pages were asked for more than once");
        Map<String, String> landed = latestPerKey(TopicReader.readFrom(CUSTOMERS, before));
        for (String id : simulator.ids()) {
            if (simulator.isRedacted(id)) {
                assertTrue(landed.containsKey(id) && landed.get(id) == null, "tombstone for " + id);
                continue;
            }
            ObjectNode expected = mapper.createObjectNode().put("id", id);
            expected.setAll(simulator.attributes(id));
            assertEquals(expected, mapper.readTree(landed.get(id)), "customer " + id + " exactly as served");
        }
        assertEquals(
                stopped,
                TopicReader.readFrom(DEAD_LETTER, deadBefore).size(),
                "one dead letter per stopped sweep; every other fault was retried");
        assertEquals(0, simulator.tooManyRequestsSent(), "retries never went over the budget");
    }

    private void eightCallsAtOnce() throws Exception {
        List<CompletableFuture<Exchange>> calls = new ArrayList<>();
        for (String id : simulator.ids().subList(0, 8)) {
            calls.add(producer.asyncSend(
                    "direct:get-customer",
                    exchange -> exchange.setProperty(ExchangeProperties.REQUEST_URL, api.customerUrl(null, id))));
        }
        for (CompletableFuture<Exchange> call : calls) {
            Exchange done = call.get(60, TimeUnit.SECONDS);
            assertEquals(null, done.getException(), "every call ends with its customer");
        }
    }

    /** For every 429 the simulator sent, how long until the next request reached it, in milliseconds. */
    private List<Long> waitsAfter429() {
        List<RecordedRequest> requests = simulator.requests();
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i + 1 < requests.size(); i++) {
            if (requests.get(i).status() == 429) {
                waits.add(Duration.between(
                                requests.get(i).time(), requests.get(i + 1).time())
                        .toMillis());
            }
        }
        return waits;
    }

    private static Map<String, String> latestPerKey(List<ConsumerRecord<String, String>> records) {
        Map<String, String> latest = new HashMap<>();
        records.forEach(r -> latest.put(r.key(), r.value()));
        return latest;
    }
}
