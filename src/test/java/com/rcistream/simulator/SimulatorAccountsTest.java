package com.rcistream.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Many accounts in one simulator: each its own token, data, limiter, cursors and refusal; the same customer ids. */
class SimulatorAccountsTest {

    private static final String ORIGIN = "http://localhost:41234";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ManualNanoClock nanos = new ManualNanoClock();

    private SimulatorAccounts accounts(SimulatorTestConfig config) {
        Simulator single = new Simulator(config, Clock.systemUTC(), nanos);
        return new SimulatorAccounts(config, single, new SimulatedApi(single), Clock.systemUTC(), nanos);
    }

    private static SimulatedResponse get(SimulatorAccounts accounts, String url, String token) {
        URI uri = URI.create(url.startsWith("http") ? url : ORIGIN + url);
        String cursor = null;
        if (uri.getRawQuery() != null && uri.getRawQuery().startsWith("page%5Bcursor%5D=")) {
            cursor = URLDecoder.decode(uri.getRawQuery().substring(17), StandardCharsets.UTF_8);
        }
        String pathAndQuery = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return accounts.handle(
                new SimulatedRequest("GET", uri.getPath(), pathAndQuery, cursor, "Bearer " + token, ORIGIN));
    }

    private static JsonNode json(SimulatedResponse response) {
        try {
            return MAPPER.readTree(response.body());
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    @Test
    void theSettingIsANumberOfStoresOrAListOfIds() {
        assertEquals(List.of(), SimulatorAccounts.parse("0"));
        assertEquals(List.of("store-1", "store-2", "store-3"), SimulatorAccounts.parse("3"));
        assertEquals(List.of("eu", "us-east-1"), SimulatorAccounts.parse(" eu , us-east-1 "));
        assertThrows(IllegalArgumentException.class, () -> SimulatorAccounts.parse("eu,EU"));
        assertThrows(IllegalArgumentException.class, () -> SimulatorAccounts.parse("eu,eu"));
        assertThrows(IllegalArgumentException.class, () -> SimulatorAccounts.parse("-eu"));
        assertEquals("sim-token-eu", SimulatorAccounts.tokenOf("sim-token", "eu"));
        assertEquals("sim-token", SimulatorAccounts.tokenOf("sim-token", null));
    }

    @Test
    void byDefaultOnlyTheSingleAccountAnswersAsBefore() {
        SimulatorAccounts accounts = accounts(SimulatorTestConfig.defaults());
        Simulator alone = new Simulator(SimulatorTestConfig.defaults(), Clock.systemUTC(), new ManualNanoClock());

        assertEquals(List.of(), accounts.ids());
        SimulatedResponse page = get(accounts, Simulator.CUSTOMERS_PATH, "sim-token");
        assertEquals(200, page.status());
        JsonNode first = json(page).get("data").get(0);
        assertEquals(alone.ids().get(0), first.get("id").asText());
        assertEquals(alone.attributes(alone.ids().get(0)), first.get("attributes"));
        assertEquals(
                401,
                get(accounts, Simulator.CUSTOMERS_PATH, "sim-token-store-1").status());
        assertNull(accounts.requests().get(0).account());
    }

    @Test
    void twoStoresShareCustomerIdsNotTheirData() {
        SimulatorAccounts accounts = accounts(SimulatorTestConfig.defaults().withAccounts("2"));
        Simulator one = accounts.account("store-1");
        Simulator two = accounts.account("store-2");

        assertEquals(one.ids(), two.ids());
        assertEquals(accounts.account(null).ids(), one.ids());
        String id = one.ids().get(0);
        assertNotEquals(one.attributes(id).get("email"), two.attributes(id).get("email"));
        JsonNode served = json(get(accounts, Simulator.CUSTOMERS_PATH + "/" + id, "sim-token-store-2"));
        assertEquals(two.attributes(id), served.get("data").get("attributes"));
        assertEquals(
                one.attributes(id),
                accounts(SimulatorTestConfig.defaults().withAccounts("store-1"))
                        .account("store-1")
                        .attributes(id));
    }

    @Test
    void eachStoreHasItsOwnLimiterAndCounters() {
        SimulatorAccounts accounts = accounts(
                SimulatorTestConfig.defaults().withAccounts("2").withLimit("sliding", 2, Duration.ofSeconds(60)));

        assertEquals(
                200,
                get(accounts, Simulator.CUSTOMERS_PATH, "sim-token-store-1").status());
        assertEquals(
                200,
                get(accounts, Simulator.CUSTOMERS_PATH, "sim-token-store-1").status());
        assertEquals(
                429,
                get(accounts, Simulator.CUSTOMERS_PATH, "sim-token-store-1").status());
        assertEquals(
                200,
                get(accounts, Simulator.CUSTOMERS_PATH, "sim-token-store-2").status());
        assertEquals(200, get(accounts, Simulator.CUSTOMERS_PATH, "sim-token").status());

        assertEquals(1, accounts.account("store-1").tooManyRequestsSent());
        assertEquals(0, accounts.account("store-2").tooManyRequestsSent());
        JsonNode stats = accounts.stats();
        assertEquals(
                3, stats.get("accounts").get("store-1").get("requestsServed").asInt());
        assertEquals(
                1, stats.get("accounts").get("store-2").get("requestsServed").asInt());
        assertEquals(1, stats.get("requestsServed").asInt());
        assertEquals(
                List.of("store-1", "store-1", "store-1", "store-2"),
                accounts.requests().stream()
                        .map(RecordedRequest::account)
                        .filter(a -> a != null)
                        .toList());
    }

    @Test
    void aRefusedStoreAnswers401AndTheOthersGoOn() {
        SimulatorAccounts accounts = accounts(SimulatorTestConfig.defaults().withAccounts("eu,us"));
        accounts.account("eu").setTokenRefused(true);

        assertEquals(
                401, get(accounts, Simulator.CUSTOMERS_PATH, "sim-token-eu").status());
        assertEquals(
                200, get(accounts, Simulator.CUSTOMERS_PATH, "sim-token-us").status());
        RecordedRequest refused = accounts.account("eu").requests().get(0);
        assertEquals("eu", refused.account());
        assertFalse(refused.tokenValid());
        assertTrue(
                accounts.stats().get("accounts").get("eu").get("tokenRefused").asBoolean());

        accounts.reset();
        assertEquals(
                200, get(accounts, Simulator.CUSTOMERS_PATH, "sim-token-eu").status());
    }

    @Test
    void aCursorOfOneStoreIsRefusedWithAnotherStoresToken() {
        SimulatorAccounts accounts = accounts(SimulatorTestConfig.defaults().withAccounts("2"));
        String next = json(get(accounts, Simulator.CUSTOMERS_PATH, "sim-token-store-1"))
                .get("links")
                .get("next")
                .asText();

        assertEquals(422, get(accounts, next, "sim-token-store-2").status());
        assertEquals(422, get(accounts, next, "sim-token").status());
        assertEquals(200, get(accounts, next, "sim-token-store-1").status());
    }

    @Test
    void anAccountAddedAtRunTimeServesUntilReset() {
        SimulatorAccounts accounts = accounts(SimulatorTestConfig.defaults());
        accounts.add("new-store");

        assertEquals(
                200,
                get(accounts, Simulator.CUSTOMERS_PATH, "sim-token-new-store").status());
        assertThrows(IllegalArgumentException.class, () -> accounts.add("new-store"));
        accounts.reset();
        assertEquals(List.of(), accounts.ids());
        assertEquals(
                401,
                get(accounts, Simulator.CUSTOMERS_PATH, "sim-token-new-store").status());
    }

    @Test
    void fiveHundredStoresOfTwoThousandCustomersAreCheap() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = usedAfterGc(memory);
        SimulatorAccounts accounts =
                accounts(SimulatorTestConfig.defaults().withAccounts("500").withCustomers(2000));
        for (String id : accounts.ids()) {
            assertEquals(
                    200,
                    get(accounts, Simulator.CUSTOMERS_PATH, "sim-token-" + id).status());
        }
        long used = usedAfterGc(memory) - before;

        assertEquals(500, accounts.ids().size());
        assertEquals(2000, accounts.account("store-500").size());
        System.out.printf("500 simulated accounts x 2,000 customers, one page served each: %,d bytes of heap%n", used);
        assertTrue(used < 32L << 20, "500 accounts took " + used + " bytes of heap");
    }

    private static long usedAfterGc(MemoryMXBean memory) {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
