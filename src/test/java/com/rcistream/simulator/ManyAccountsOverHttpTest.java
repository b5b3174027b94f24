package com.rcistream.simulator;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import com.rcistream.testing.KafkaAndHttpPorts;
import com.rcistream.testing.SimulatedApiTestBase;

/** Two accounts of the application's own simulator over real HTTP: each its own data, limiter, refusal and cursors. */
@QuarkusTest
@Tag("application")
@QuarkusTestResource(KafkaAndHttpPorts.class)
class ManyAccountsOverHttpTest extends SimulatedApiTestBase {

    @Inject
    SimulatorAccounts accounts;

    private Simulator eu;
    private Simulator us;

    @BeforeEach
    void twoStores() {
        eu = accounts.add("eu");
        us = accounts.add("us");
    }

    @AfterEach
    void backToTheConfiguredAccounts() {
        accounts.reset();
    }

    // the next links come encoded already: RestAssured must send them as they are
    private static int status(String pathOrUrl, String token) {
        return given().urlEncodingEnabled(false)
                .auth()
                .oauth2(token)
                .get(pathOrUrl)
                .statusCode();
    }

    private static JsonPath json(String pathOrUrl, String token) {
        return given().auth()
                .oauth2(token)
                .get(pathOrUrl)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    @Test
    void theSameCustomerIdHasEachStoresOwnData() {
        String id = eu.ids().get(0);
        assertEquals(id, us.ids().get(0));

        JsonPath inEu = json(Simulator.CUSTOMERS_PATH + "/" + id, eu.token());
        JsonPath inUs = json(Simulator.CUSTOMERS_PATH + "/" + id, us.token());

        assertEquals(id, inEu.getString("data.id"));
        assertEquals(id, inUs.getString("data.id"));
        assertEquals(eu.attributes(id).get("email").asText(), inEu.getString("data.attributes.email"));
        assertNotEquals(inEu.getString("data.attributes.email"), inUs.getString("data.attributes.email"));
    }

    @Test
    void exhaustingOneStoresLimiterLeavesTheOtherAnswering() {
        eu.configureLimiter("sliding", 2, Duration.ofMinutes(1));

        assertEquals(
                List.of(200, 200, 429),
                List.of(
                        status(Simulator.CUSTOMERS_PATH, eu.token()),
                        status(Simulator.CUSTOMERS_PATH, eu.token()),
                        status(Simulator.CUSTOMERS_PATH, eu.token())));
        assertEquals(200, status(Simulator.CUSTOMERS_PATH, us.token()));

        JsonPath stats =
                given().get("/_sim/stats").then().statusCode(200).extract().jsonPath();
        assertEquals(1, stats.getInt("accounts.eu.tooManyRequestsSent"));
        assertEquals(0, stats.getInt("accounts.us.tooManyRequestsSent"));
        List<String> logged =
                given().get("/_sim/requests").then().extract().jsonPath().getList("account");
        assertEquals(3, logged.stream().filter("eu"::equals).count());
        assertEquals(1, logged.stream().filter("us"::equals).count());
    }

    @Test
    void aRefusedStoreAnswers401WhileTheOtherAnswers200() {
        eu.setTokenRefused(true);

        assertEquals(401, status(Simulator.CUSTOMERS_PATH, eu.token()));
        assertEquals(200, status(Simulator.CUSTOMERS_PATH, us.token()));
        String body = given().get("/_sim/requests").asString();
        assertEquals(-1, body.indexOf(eu.token()), "the request log shows a token");
    }

    @Test
    void aCursorOfOneStoreIsRefusedWithTheOthersToken() {
        String next = json(Simulator.CUSTOMERS_PATH, eu.token()).getString("links.next");

        assertEquals(422, status(next, us.token()));
        assertEquals(200, status(next, eu.token()));
    }
}
