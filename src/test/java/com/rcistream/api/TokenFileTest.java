package com.rcistream.api;

import static com.rcistream.testing.Sweep.CUSTOMERS;
import static com.rcistream.testing.Sweep.DEAD_LETTER;
import static com.rcistream.testing.Sweep.REFRESH;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import com.rcistream.accounts.Accounts;
import com.rcistream.config.ApiToken;
import com.rcistream.config.RciConfig;
import com.rcistream.exchange.SweepProgress;
import com.rcistream.testing.KafkaAndHttpPorts;
import com.rcistream.testing.ShortTimeoutsProfile;
import com.rcistream.testing.SimulatedApiTestBase;
import com.rcistream.testing.Sweep;
import com.rcistream.testing.TopicReader;
import com.rcistream.testing.TopicWriter;

/**
 * The token as a mounted secret (rci.api.token-file), rotated while the application runs: to empty, and to a new token.
 * On the application FaultsTest and BoundedAnswersTest use (their profile reads the token from a file); the file and
 * the application's memory of a refused token are as before the test when it ends.
 */
@QuarkusTest
@Tag("application")
@QuarkusTestResource(KafkaAndHttpPorts.class)
@TestProfile(ShortTimeoutsProfile.class)
class TokenFileTest extends SimulatedApiTestBase {

    static final Path SECRET = ShortTimeoutsProfile.TOKEN_FILE;

    @Inject
    ApiToken token;

    @Inject
    RciConfig config;

    /** 100 customers; the refusal of the old token below is remembered by the test's own Accounts (the real class). */
    @BeforeEach
    void hundredCustomersAndOwnAuthState() {
        simulator.setCustomers(100);
        QuarkusMock.installMockForType(new Accounts(config, token), Accounts.class);
    }

    @AfterEach
    void tokenFileAsMounted() {
        ShortTimeoutsProfile.restoreTokenFile();
    }

    @Test
    void tokenFileRotatedToEmptyHoldsEveryCallWithReadinessDownAndARotatedTokenResumes() throws Exception {
        assertFalse(Sweep.run(producer).progress().failed(), "the token in the file works");
        given().get("/q/health/ready").then().statusCode(200);

        Files.writeString(SECRET, "\n");
        long requests = simulator.requestsServed();
        given().get("/q/health/ready").then().statusCode(503).body(containsString("is empty or cannot be read"));
        assertNull(producer.requestBody("direct:sweep", null, SweepProgress.class), "no sweep without a token");
        Map<Integer, Long> deadBefore = TopicReader.endOffsets(DEAD_LETTER);
        TopicWriter.send(REFRESH, null, simulator.ids().get(1));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> TopicReader.readFrom(DEAD_LETTER, deadBefore).size() == 1);
        assertTrue(TopicReader.readFrom(DEAD_LETTER, deadBefore).get(0).value().contains("not calling the RCI API"));
        assertEquals(requests, simulator.requestsServed(), "no request without a token, never Bearer null");

        // the API moves to a new token first: the old one, still in the file, is refused once
        Files.writeString(SECRET, simulator.token());
        simulator.setToken("rotated-token-2f8d");
        assertTrue(Sweep.run(producer).progress().failed());
        given().get("/q/health/ready").then().statusCode(503).body(containsString("HTTP 401"));
        // then the secret is rotated: the next request carries the new token, which the old 401 does not block
        Files.writeString(SECRET, "rotated-token-2f8d\n");
        given().get("/q/health/ready").then().statusCode(200);
        Sweep resumed = Sweep.run(producer);
        assertFalse(resumed.progress().failed(), resumed.progress().summary());
        assertEquals(100, resumed.on(CUSTOMERS).size());
    }
}
