package com.rcistream.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The simulated API's HTTP behaviour, driven through {@link SimulatedApi#handle} without a server. */
class SimulatedApiTest {

    private static final String ORIGIN = "http://localhost:41234";
    private static final String AUTH = "Bearer sim-token";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ManualNanoClock nanos = new ManualNanoClock();
    private final Clock clock = Clock.fixed(Instant.parse("2026-01-02T03:04:05.600Z"), ZoneOffset.UTC);
    private Simulator simulator = new Simulator(SimulatorTestConfig.defaults().withCustomers(250), clock, nanos);
    private final SimulatedApi api = new SimulatedApi(simulator);

    private SimulatedResponse get(String url, String authorization) {
        URI uri = URI.create(url.startsWith("http") ? url : ORIGIN + url);
        String cursor = null;
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                if (URLDecoder.decode(kv[0], StandardCharsets.UTF_8).equals("page[cursor]")) {
                    cursor = kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "";
                }
            }
        }
        String pathAndQuery = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return api.handle(new SimulatedRequest(
                "GET",
                uri.getPath(),
                pathAndQuery,
                cursor,
                authorization,
                uri.getScheme() + "://" + uri.getRawAuthority()));
    }

    private SimulatedResponse get(String url) {
        return get(url, AUTH);
    }

    private static JsonNode json(SimulatedResponse response) {
        try {
            return MAPPER.readTree(response.body());
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    private static void assertJsonApiError(SimulatedResponse response, int status) {
        assertEquals(status, response.status(), response.body());
        assertEquals("application/vnd.api+json", response.headers().get("Content-Type"));
        JsonNode doc = json(response);
        assertEquals(Integer.toString(status), doc.at("/errors/0/status").asText());
        assertTrue(doc.at("/errors/0/title").isTextual());
        assertTrue(doc.at("/errors/0/detail").isTextual());
        assertEquals("1.0", doc.at("/jsonapi/version").asText());
    }

    @Test
    void followingNextLinksWalksEveryCustomerOnceInOrder() {
        List<String> seen = new ArrayList<>();
        String url = "/api/v1/customers";
        int pages = 0;
        while (url != null) {
            SimulatedResponse page = get(url);
            assertEquals(200, page.status(), page.body());
            assertEquals("application/vnd.api+json", page.headers().get("Content-Type"));
            JsonNode doc = json(page);
            assertEquals(ORIGIN + "/api/v1/customers", doc.at("/links/first").asText());
            assertEquals("1.0", doc.at("/jsonapi/version").asText());
            for (JsonNode resource : doc.get("data")) {
                assertEquals("customer", resource.get("type").asText());
                assertTrue(resource.get("id").isTextual());
                assertTrue(resource.get("attributes").isObject());
                assertEquals(
                        ORIGIN + "/api/v1/customers/" + resource.get("id").asText(),
                        resource.at("/links/self").asText());
                assertEquals(simulator.attributes(resource.get("id").asText()), resource.get("attributes"));
                seen.add(resource.get("id").asText());
            }
            JsonNode next = doc.path("links").get("next");
            if (next != null) {
                assertTrue(next.asText().startsWith(ORIGIN + "/api/v1/customers?page%5Bcursor%5D="), next.asText());
            }
            url = next == null ? null : next.asText();
            pages++;
        }
        assertEquals(3, pages);
        assertEquals(simulator.ids(), seen);
    }

    @Test
    void linksFollowTheHostTheClientUsed() {
        JsonNode doc = json(get("https://rci.test:8443/api/v1/customers"));
        assertEquals(
                "https://rci.test:8443/api/v1/customers", doc.at("/links/first").asText());
        assertTrue(
                doc.at("/links/next").asText().startsWith("https://rci.test:8443/api/v1/customers?page%5Bcursor%5D="));
    }

    @Test
    void theLastPageHasNoNextLink() {
        simulator.setPageSize(250);
        JsonNode doc = json(get("/api/v1/customers"));
        assertEquals(250, doc.get("data").size());
        assertFalse(doc.get("links").has("next"));
    }

    @Test
    void pageSizeCanChangeBetweenPages() {
        simulator.setPageSize(200);
        String next = json(get("/api/v1/customers")).at("/links/next").asText();
        simulator.setPageSize(10);
        JsonNode second = json(get(next));
        assertEquals(10, second.get("data").size());
        assertEquals(simulator.ids().get(200), second.at("/data/0/id").asText());
    }

    @Test
    void aSingleCustomerIsServedWithItsSelfLink() {
        String id = simulator.ids().get(7);
        SimulatedResponse response = get("/api/v1/customers/" + id);
        assertEquals(200, response.status());
        JsonNode doc = json(response);
        assertEquals(id, doc.at("/data/id").asText());
        assertEquals("customer", doc.at("/data/type").asText());
        assertEquals(simulator.attributes(id), doc.at("/data/attributes"));
        assertEquals(
                ORIGIN + "/api/v1/customers/" + id, doc.at("/data/links/self").asText());
        assertEquals(ORIGIN + "/api/v1/customers/" + id, doc.at("/links/self").asText());
        assertEquals("1.0", doc.at("/jsonapi/version").asText());
    }

    @Test
    void unknownCustomersAndPathsAre404() {
        assertJsonApiError(get("/api/v1/customers/123456"), 404);
        assertJsonApiError(get("/api/v1/orders"), 404);
    }

    @Test
    void aMissingOrWrongTokenIs401AndIsNotCharged() {
        simulator.configureLimiter("sliding", 1, Duration.ofMinutes(1));
        assertJsonApiError(get("/api/v1/customers", null), 401);
        assertJsonApiError(get("/api/v1/customers", "Bearer wrong"), 401);
        assertJsonApiError(get("/api/v1/customers", "Basic c2ltLXRva2Vu"), 401);
        assertEquals(200, get("/api/v1/customers").status(), "401s did not use the budget");
        simulator.setToken("rotated");
        assertJsonApiError(get("/api/v1/customers"), 401);
        assertEquals(200, get("/api/v1/customers", "bearer rotated").status());
        List<RecordedRequest> log = simulator.requests();
        assertEquals(6, log.size());
        assertFalse(log.get(0).tokenValid());
        assertTrue(log.get(3).tokenValid());
        assertEquals(401, log.get(4).status());
        assertEquals(6, simulator.requestsServed());
    }

    @Test
    void badTamperedAndExpiredCursorsAre422() {
        assertJsonApiError(get("/api/v1/customers?page%5Bcursor%5D=abc123"), 422);
        assertJsonApiError(get("/api/v1/customers?page%5Bcursor%5D="), 422);
        String next = json(get("/api/v1/customers")).at("/links/next").asText();
        String tampered = next.substring(0, next.length() - 3)
                + (next.endsWith("A") ? "B" : "A")
                + next.substring(next.length() - 2);
        assertJsonApiError(get(tampered), 422);
        assertEquals(200, get(next).status());

        simulator.expireCursors();

        SimulatedResponse expired = get(next);
        assertJsonApiError(expired, 422);
        assertTrue(json(expired).at("/errors/0/detail").asText().contains("expired"));
        assertEquals(200, get("/api/v1/customers").status(), "the first page needs no cursor");
    }

    @Test
    void theLimiterAnswers429WithRetryAfterAndCountsIt() {
        simulator.configureLimiter("sliding", 3, Duration.ofSeconds(10));
        for (int i = 0; i < 3; i++) {
            assertEquals(200, get("/api/v1/customers").status());
        }
        nanos.advance(Duration.ofMillis(2500));
        SimulatedResponse refused = get("/api/v1/customers");
        assertJsonApiError(refused, 429);
        assertEquals("8", refused.headers().get("Retry-After"));
        assertEquals(1, simulator.tooManyRequestsSent());
        assertEquals(1, simulator.tooManyRequestsSent());
        assertEquals(0, simulator.burst429Sent());
        nanos.advance(Duration.ofSeconds(8));
        assertEquals(200, get("/api/v1/customers").status());
        assertEquals(5, simulator.requestsServed());
    }

    @Test
    void burstsOf429ComeEveryNRequestsWithTheConfiguredRetryAfter() {
        simulator.faults().setBurst429Every(4).setBurst429Length(2).setBurst429RetryAfter(Duration.ofMillis(2500));
        List<Integer> statuses = new ArrayList<>();
        SimulatedResponse burst = null;
        for (int i = 0; i < 10; i++) {
            SimulatedResponse response = get("/api/v1/customers");
            statuses.add(response.status());
            if (response.status() == 429 && burst == null) {
                burst = response;
            }
        }
        assertEquals(List.of(200, 200, 200, 429, 429, 200, 200, 429, 429, 200), statuses);
        assertEquals("3", burst.headers().get("Retry-After"));
        assertJsonApiError(burst, 429);
        assertEquals(4, simulator.burst429Sent());
        assertEquals(0, simulator.tooManyRequestsSent());
    }

    @Test
    void burstRetryAfterCanBeADateOrAbsent() {
        simulator
                .faults()
                .setBurst429Every(1)
                .setBurst429RetryAfter(Duration.ofSeconds(30))
                .setRetryAfterFormat("date");
        String date = get("/api/v1/customers").headers().get("Retry-After");
        ZonedDateTime parsed = ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME);
        assertTrue(date.matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT"), date);
        long ahead = Duration.between(clock.instant(), parsed.toInstant()).toSeconds();
        assertTrue(ahead >= 30 && ahead <= 31, date);

        simulator.faults().setRetryAfterFormat("none");
        SimulatedResponse none = get("/api/v1/customers");
        assertEquals(429, none.status());
        assertNull(none.headers().get("Retry-After"));
        assertThrows(IllegalArgumentException.class, () -> simulator.faults().setRetryAfterFormat("minutes"));
    }

    @Test
    void serverErrorsAreJsonApiErrorsAndRepeatForTheSameSeed() {
        simulator.faults().setErrorRate(0.5);
        List<Integer> first = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            SimulatedResponse response = get("/api/v1/customers");
            first.add(response.status());
            if (response.status() != 200) {
                assertTrue(response.status() == 500 || response.status() == 503);
                assertJsonApiError(response, response.status());
            }
        }
        assertTrue(first.contains(500) && first.contains(503) && first.contains(200), first.toString());
        simulator.reset();
        simulator.faults().setErrorRate(0.5);
        List<Integer> again = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            again.add(get("/api/v1/customers").status());
        }
        assertEquals(first, again);
    }

    @Test
    void slowAnswersCarryTheirDelay() {
        simulator.faults().setSlowRate(1).setSlowDelay(Duration.ofSeconds(40));
        SimulatedResponse response = get("/api/v1/customers");
        assertEquals(200, response.status());
        assertEquals(Duration.ofSeconds(40), response.delay());
        simulator.faults().setSlowRate(0);
        assertEquals(Duration.ZERO, get("/api/v1/customers").delay());
    }

    @Test
    void malformedPagesAreTruncatedJson() {
        simulator.faults().setMalformedRate(1);
        SimulatedResponse response = get("/api/v1/customers");
        assertEquals(200, response.status());
        assertThrows(JsonProcessingException.class, () -> MAPPER.readTree(response.body()));
        assertEquals(200, get("/api/v1/customers/" + simulator.ids().get(0)).status(), "single customers stay intact");
        assertTrue(json(get("/api/v1/customers/" + simulator.ids().get(0))).has("data"));
    }

    @Test
    void theFailingPageAnswers500EveryTimeWhileTheOthersServe() {
        simulator.faults().setFailingPage(1);
        String next = json(get("/api/v1/customers")).at("/links/next").asText();
        for (int i = 0; i < 3; i++) {
            assertJsonApiError(get(next), 500);
        }
        assertEquals(200, get("/api/v1/customers").status());
    }

    @Test
    void aCustomerRedactedMidSweepIsServedAgainOnTheLaterPage() {
        String id = simulator.ids().get(3);
        simulator.faults().setRedactedAgain(2, id);
        JsonNode first = json(get("/api/v1/customers"));
        assertEquals(id, first.at("/data/3/id").asText());
        assertTrue(first.at("/data/3/attributes/redacted_at").isNull(), "served as it was on the first page");

        JsonNode third = json(get(
                json(get(first.at("/links/next").asText())).at("/links/next").asText()));

        JsonNode last = third.get("data").get(third.get("data").size() - 1);
        assertEquals(id, last.get("id").asText(), "served again at the end of page 3");
        assertFalse(last.at("/attributes/redacted_at").isNull(), "redacted now");
        assertTrue(simulator.isRedacted(id));
    }

    @Test
    void theSelfLinkPagePointsToItself() {
        simulator.faults().setSelfLinkPage(1);
        String second = json(get("/api/v1/customers")).at("/links/next").asText();
        assertEquals(second, json(get(second)).at("/links/next").asText());
    }

    @Test
    void oversizedGzipBombAndDripPagesAreStreamedShapes() {
        simulator.faults().setOversizedPage(0).setOversizedBytes(5_000_000);
        SimulatedResponse oversized = get("/api/v1/customers");
        assertEquals(SimulatedResponse.BodyShape.Kind.PADDED, oversized.shape().kind());
        assertEquals(5_000_000, oversized.shape().bytes());
        simulator.faults().clear().setGzipBombPage(0);
        assertEquals(
                SimulatedResponse.BodyShape.Kind.GZIP_BOMB,
                get("/api/v1/customers").shape().kind());
        simulator.faults().clear().setDripPage(0);
        assertEquals(
                SimulatedResponse.BodyShape.Kind.DRIP,
                get("/api/v1/customers").shape().kind());
        simulator.faults().clear();
        assertNull(get("/api/v1/customers").shape());
    }

    @Test
    void theNotJsonApiPageIsValidJsonWithoutData() {
        simulator.faults().setNotJsonApiPage(1);
        String next = json(get("/api/v1/customers")).at("/links/next").asText();
        SimulatedResponse page = get(next);
        assertEquals(200, page.status());
        JsonNode doc = json(page);
        assertFalse(doc.has("data"));
        assertFalse(doc.has("errors"));
    }

    @Test
    void theBadRecordsPageHasTwoBrokenRecordsAmongValidOnes() {
        simulator.faults().setBadRecordsPage(0);
        JsonNode data = json(get("/api/v1/customers")).get("data");
        assertEquals(100, data.size());
        int withoutId = 0;
        int stringAttributes = 0;
        int valid = 0;
        for (JsonNode resource : data) {
            if (!resource.has("id")) {
                withoutId++;
            } else if (resource.get("attributes").isTextual()) {
                stringAttributes++;
            } else if (resource.get("attributes").isObject()) {
                valid++;
            }
        }
        assertEquals(1, withoutId);
        assertEquals(1, stringAttributes);
        assertEquals(98, valid);
    }

    @Test
    void theForeignNextPageLinksElsewhere() {
        simulator.faults().setForeignNextPage(1).setForeignNextUrl("https://evil.example.com/steal");
        String next = json(get("/api/v1/customers")).at("/links/next").asText();
        assertTrue(next.startsWith(ORIGIN));
        assertEquals(
                "https://evil.example.com/steal",
                json(get(next)).at("/links/next").asText());

        simulator.faults().setForeignNextUrl(null);
        String madeUp = json(get(next)).at("/links/next").asText();
        assertFalse(URI.create(madeUp).getHost().equals("localhost"), madeUp);
    }

    @Test
    void faultsHitOnlyRequestsThatPassedTokenAndLimiter() {
        simulator.faults().setErrorRate(1);
        simulator.configureLimiter("fixed", 1, Duration.ofMinutes(1));
        assertEquals(401, get("/api/v1/customers", "Bearer nope").status());
        assertTrue(get("/api/v1/customers").status() >= 500);
        assertEquals(429, get("/api/v1/customers").status());
    }

    @Test
    void resetRestoresTheConfiguredBehaviour() {
        simulator.setToken("other");
        simulator.setPageSize(5);
        simulator.setCustomers(3);
        simulator.faults().setErrorRate(1);
        simulator.configureLimiter("leaky", 1, Duration.ofHours(1));
        String changedId = simulator.ids().get(0);
        get("/api/v1/customers");
        simulator.expireCursors();

        simulator.reset();

        assertEquals("sim-token", simulator.token());
        assertEquals(100, simulator.pageSize());
        assertEquals(250, simulator.size());
        assertEquals(0, simulator.faults().errorRate());
        assertEquals(0, simulator.requestsServed());
        assertTrue(simulator.requests().isEmpty());
        assertEquals(0, simulator.stats().get("cursorGeneration").intValue());
        for (int i = 0; i < 60; i++) {
            assertEquals(200, get("/api/v1/customers").status());
        }
        assertEquals(429, get("/api/v1/customers").status());
        assertEquals(changedId, simulator.ids().get(0));
    }

    @Test
    void everyRequestIsRecorded() {
        get("/api/v1/customers?page%5Bcursor%5D=x", "Bearer sim-token");
        RecordedRequest recorded = simulator.requests().get(0);
        assertEquals("GET", recorded.method());
        assertEquals("/api/v1/customers?page%5Bcursor%5D=x", recorded.pathAndQuery());
        assertEquals(422, recorded.status());
        assertTrue(recorded.tokenValid());
        assertEquals(clock.instant(), recorded.time());
    }

    @Test
    void statsReportTheCounters() {
        get("/api/v1/customers");
        JsonNode stats = simulator.stats();
        assertEquals(1, stats.get("requestsServed").longValue());
        assertEquals(250, stats.get("customers").intValue());
        assertEquals("sliding", stats.at("/rateLimit/algorithm").asText());
        assertEquals(60, stats.at("/rateLimit/requests").intValue());
        assertTrue(stats.has("tooManyRequestsSent") && stats.has("burst429Sent") && stats.has("overBudget"));
        assertEquals(Locale.ROOT, Locale.ROOT);
    }
}
