package com.rcistream.api;

import static com.rcistream.testing.Sweep.CUSTOMERS;
import static com.rcistream.testing.Sweep.DEAD_LETTER;
import static com.rcistream.testing.Sweep.REFRESH;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;

import com.rcistream.accounts.Accounts;
import com.rcistream.config.ApiToken;
import com.rcistream.config.RciConfig;
import com.rcistream.exchange.SweepProgress;
import com.rcistream.testing.KafkaAndHttpPorts;
import com.rcistream.testing.LogCapture;
import com.rcistream.testing.SimulatedApiTestBase;
import com.rcistream.testing.TopicReader;
import com.rcistream.testing.TopicWriter;

/** The API refuses the token (revoked): one dead letter, no further request, readiness DOWN, the token nowhere. */
@QuarkusTest
@Tag("application")
@QuarkusTestResource(KafkaAndHttpPorts.class)
class RevokedTokenTest extends SimulatedApiTestBase {

    static final String TOKEN = "test-token-7f3c9a1e";

    @Inject
    ApiToken token;

    @Inject
    RciConfig config;

    /**
     * A 401 holds the whole application until the token changes or a restart. The test's own Accounts (the real class,
     * on the application's token) remembers the refusal; Quarkus puts the application's back after the test, which
     * never saw it, so the other tests on this application run as after a restart.
     */
    @BeforeEach
    void ownAuthState() {
        QuarkusMock.installMockForType(new Accounts(config, token), Accounts.class);
    }

    @Test
    void revokedTokenStopsPollingWithOneDeadLetterAndReadinessDownAndNeverShowsTheToken() {
        given().when().get("/q/health/ready").then().statusCode(200);
        simulator.setToken("rotated-token-after-revocation");
        Map<Integer, Long> customersBefore = TopicReader.endOffsets(CUSTOMERS);
        Map<Integer, Long> deadBefore = TopicReader.endOffsets(DEAD_LETTER);

        List<String> logs;
        long requestsAfterFirst401;
        try (LogCapture capture = LogCapture.start()) {
            SweepProgress first = producer.requestBody("direct:sweep", null, SweepProgress.class);
            assertTrue(first.failed());
            requestsAfterFirst401 = simulator.requestsServed();

            SweepProgress second = producer.requestBody("direct:sweep", null, SweepProgress.class);
            assertNull(second, "no second sweep while the token is refused");
            TopicWriter.send(REFRESH, null, simulator.ids().get(0));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> TopicReader.readFrom(DEAD_LETTER, deadBefore).size() == 2);
            logs = capture.lines();
        }

        assertEquals(requestsAfterFirst401, simulator.requestsServed(), "no request after the first 401");
        assertEquals(
                1, simulator.requests().stream().filter(r -> r.status() == 401).count());
        assertEquals(List.of(), TopicReader.readFrom(CUSTOMERS, customersBefore), "no customer published");
        List<ConsumerRecord<String, String>> dead = TopicReader.readFrom(DEAD_LETTER, deadBefore);
        ConsumerRecord<String, String> event = dead.get(0);
        assertTrue(event.value().contains("\"http_status\":401"), event.value());
        assertTrue(event.value().contains("/api/v1/customers"), "names the URL: " + event.value());
        assertEquals(
                "401", new String(event.headers().lastHeader("rci_http_status").value()));
        assertTrue(dead.get(1).value().contains("not calling the RCI API"), "the refresh was refused, not sent");

        given().when()
                .get("/q/health/ready")
                .then()
                .statusCode(503)
                .body("checks.find { it.name == 'rci-api-token' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'rci-api-token' }.data.reason", containsString("HTTP 401"));

        for (ConsumerRecord<String, String> record : dead) {
            assertFalse(record.value().contains(TOKEN), "token in the dead-letter value");
            assertFalse(record.key() != null && record.key().contains(TOKEN), "token in the dead-letter key");
            for (Header header : record.headers()) {
                assertFalse(new String(header.value()).contains(TOKEN), "token in header " + header.key());
            }
        }
        assertFalse(logs.isEmpty(), "the sweep logged something");
        logs.forEach(line -> assertFalse(line.contains(TOKEN), "token in a log line: " + line));
    }
}
