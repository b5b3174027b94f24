package com.rcistream.simulator;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Answers one HTTP request against the simulated account ({@link Simulator}): token, then limiter, then faults, then
 * the customer list page, the single customer or an error. Each answer is decided under the account's one lock; the
 * request is counted and logged once its answer is decided.
 */
@ApplicationScoped
public class SimulatedApi {

    private static final String CUSTOMERS_PATH = Simulator.CUSTOMERS_PATH;
    private static final String DEFAULT_FOREIGN_HOST = "https://rci-mirror.example.net";

    private final Simulator account;

    /** The API of this simulated account. */
    @Inject
    SimulatedApi(Simulator account) {
        this.account = account;
    }

    /** Answers one request to the simulated API: token, then limiter, then faults, then the resource. */
    SimulatedResponse handle(SimulatedRequest request) {
        Instant now = account.now();
        Answer answer = account.underLock(() -> decide(request, now));
        account.served()
                .record(new RecordedRequest(
                        now,
                        request.method(),
                        request.pathAndQuery(),
                        answer.response().status(),
                        answer.tokenValid(),
                        account.account()));
        return answer.response();
    }

    /** The response decided under the lock, and whether the request carried the accepted token (for the log). */
    private record Answer(SimulatedResponse response, boolean tokenValid) {}

    private Answer decide(SimulatedRequest request, Instant now) {
        String presented = bearerToken(request.authorization());
        boolean tokenValid = account.accountToken().accepts(presented);
        return new Answer(tokenValid ? answerAuthorised(request, now) : unauthorised(presented == null), tokenValid);
    }

    private SimulatedResponse answerAuthorised(SimulatedRequest request, Instant now) {
        TokenRateLimits limits = account.limits();
        LimitDecision limit = limits.tryAcquire(account.token());
        if (!limit.allowed()) {
            account.served().countLimiter429();
            return error(
                    429,
                    "Too Many Requests",
                    "Rate limit of " + limits.requests() + " requests per " + describe(limits.window())
                            + " exceeded; retry after " + limit.retryAfterSeconds() + " s",
                    Map.of("Retry-After", Long.toString(limit.retryAfterSeconds())),
                    Duration.ZERO);
        }
        SimulatorFaults faults = account.faults();
        FaultDecision fault = account.nextFault();
        if (fault.burst429()) {
            account.served().countBurst429();
            Map<String, String> headers = new LinkedHashMap<>();
            RetryAfterHeader.format(faults.burst429RetryAfter(), faults.retryAfterFormat(), now)
                    .ifPresent(value -> headers.put("Retry-After", value));
            return error(429, "Too Many Requests", "Rate limit exceeded", headers, fault.delay());
        }
        if (fault.serverErrorStatus() == 503) {
            return error(503, "Service Unavailable", "The service is temporarily unavailable", Map.of(), fault.delay());
        }
        if (fault.serverErrorStatus() == 500) {
            return error(500, "Internal Server Error", "Something went wrong on our side", Map.of(), fault.delay());
        }
        return route(request, fault);
    }

    private SimulatedResponse route(SimulatedRequest request, FaultDecision fault) {
        String path = request.path() == null ? "" : request.path();
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        boolean get = "GET".equalsIgnoreCase(request.method());
        if (path.equals(CUSTOMERS_PATH)) {
            return get ? listPage(request, fault) : methodNotAllowed(fault);
        }
        if (path.startsWith(CUSTOMERS_PATH + "/") && path.indexOf('/', CUSTOMERS_PATH.length() + 1) < 0) {
            return get
                    ? singleCustomer(request, path.substring(CUSTOMERS_PATH.length() + 1), fault)
                    : methodNotAllowed(fault);
        }
        return error(404, "Not Found", "No resource at " + path, Map.of(), fault.delay());
    }

    private SimulatedResponse listPage(SimulatedRequest request, FaultDecision fault) {
        int generation = account.generation();
        CursorCodec cursors = account.cursors();
        SimulatorFaults faults = account.faults();
        PageCursor cursor;
        try {
            cursor = request.cursor() == null
                    ? PageCursor.first(generation)
                    : cursors.decode(request.cursor(), generation);
        } catch (InvalidCursorException e) {
            return error(422, "Unprocessable Entity", e.getMessage(), Map.of(), fault.delay());
        }
        if (cursor.pageIndex() == faults.failingPage()) {
            return error(500, "Internal Server Error", "This page is broken on our side", Map.of(), fault.delay());
        }
        if (cursor.pageIndex() == faults.notJsonApiPage()) {
            return new SimulatedResponse(
                    200, Map.of("Content-Type", "application/json"), "{\"message\":\"maintenance\"}", fault.delay());
        }
        String origin = originOf(request);
        CustomerStore store = account.store();
        int size = store.size();
        int from = Math.min(cursor.offset(), size);
        int to = (int) Math.min((long) from + account.pageSize(), size);
        List<ObjectNode> resources = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            String id = store.idAt(i);
            ObjectNode resource = JsonApiDocuments.customer(id, store.attributes(i), selfUrl(origin, id));
            resources.add(account.asServed(id, resource));
        }
        String next = to < size
                ? pageUrl(origin, cursors.encode(new PageCursor(generation, cursor.pageIndex() + 1, to)))
                : null;
        if (cursor.pageIndex() == faults.foreignNextPage()) {
            next = faults.foreignNextUrl()
                    .orElse(DEFAULT_FOREIGN_HOST + CUSTOMERS_PATH + "?page%5Bcursor%5D="
                            + cursors.encode(new PageCursor(generation, cursor.pageIndex() + 1, to)));
        }
        if (cursor.pageIndex() == faults.selfLinkPage()) {
            next = origin + request.pathAndQuery();
        }
        if (cursor.pageIndex() == faults.badRecordsPage()) {
            breakTwoRecords(resources);
        }
        RedactedAgain again = faults.redactedAgain();
        if (again != null && cursor.pageIndex() == again.page() && store.indexOf(again.customerId()) >= 0) {
            int index = store.indexOf(again.customerId());
            store.redact(index);
            String id = again.customerId();
            resources.add(
                    account.asServed(id, JsonApiDocuments.customer(id, store.attributes(index), selfUrl(origin, id))));
        }
        String body = JsonApiDocuments.write(JsonApiDocuments.list(resources, origin + CUSTOMERS_PATH, next));
        if (fault.malformedBody()) {
            body = body.substring(0, body.length() / 2);
        }
        return new SimulatedResponse(200, jsonApiHeaders(), body, fault.delay(), shapeOf(cursor.pageIndex(), faults));
    }

    /** How a list page's body is streamed: whole, unless a fault makes it oversized, a gzip bomb or a drip. */
    private static SimulatedResponse.BodyShape shapeOf(int pageIndex, SimulatorFaults faults) {
        if (pageIndex == faults.oversizedPage()) {
            return new SimulatedResponse.BodyShape(SimulatedResponse.BodyShape.Kind.PADDED, faults.oversizedBytes());
        }
        if (pageIndex == faults.gzipBombPage()) {
            return new SimulatedResponse.BodyShape(SimulatedResponse.BodyShape.Kind.GZIP_BOMB, faults.oversizedBytes());
        }
        if (pageIndex == faults.dripPage()) {
            return new SimulatedResponse.BodyShape(SimulatedResponse.BodyShape.Kind.DRIP, 0);
        }
        return null;
    }

    private SimulatedResponse singleCustomer(SimulatedRequest request, String id, FaultDecision fault) {
        CustomerStore store = account.store();
        int index = store.indexOf(id);
        if (index < 0) {
            return error(404, "Not Found", "No customer with id " + id + " in this account", Map.of(), fault.delay());
        }
        ObjectNode resource = account.asServed(
                id, JsonApiDocuments.customer(id, store.attributes(index), selfUrl(originOf(request), id)));
        return new SimulatedResponse(
                200, jsonApiHeaders(), JsonApiDocuments.write(JsonApiDocuments.single(resource)), fault.delay());
    }

    /** One record loses its id, the next gets its attributes as a string; the others stay valid. */
    private static void breakTwoRecords(List<ObjectNode> resources) {
        if (resources.isEmpty()) {
            return;
        }
        int first = resources.size() >= 3 ? 1 : 0;
        resources.get(first).remove("id");
        if (first + 1 < resources.size()) {
            ObjectNode second = resources.get(first + 1);
            second.set("attributes", TextNode.valueOf(JsonApiDocuments.write(second.get("attributes"))));
        }
    }

    private static SimulatedResponse unauthorised(boolean missing) {
        Map<String, String> headers = Map.of("WWW-Authenticate", "Bearer realm=\"rci\"");
        return error(
                401,
                "Unauthorized",
                missing
                        ? "Missing Authorization: Bearer <token> header"
                        : "The API token is invalid or has been revoked",
                headers,
                Duration.ZERO);
    }

    private static SimulatedResponse methodNotAllowed(FaultDecision fault) {
        return error(405, "Method Not Allowed", "Only GET is supported", Map.of("Allow", "GET"), fault.delay());
    }

    private static SimulatedResponse error(
            int status, String title, String detail, Map<String, String> extraHeaders, Duration delay) {
        Map<String, String> headers = jsonApiHeaders();
        headers.putAll(extraHeaders);
        return new SimulatedResponse(
                status, headers, JsonApiDocuments.write(JsonApiDocuments.error(status, title, detail)), delay);
    }

    private static Map<String, String> jsonApiHeaders() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", JsonApiDocuments.MEDIA_TYPE);
        return headers;
    }

    /** The token of an {@code Authorization: Bearer <token>} header, or null when there is none. */
    static String bearerToken(String authorization) {
        if (authorization == null) {
            return null;
        }
        String value = authorization.trim();
        if (value.length() < 7 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String presented = value.substring(7).trim();
        return presented.isEmpty() ? null : presented;
    }

    private static String originOf(SimulatedRequest request) {
        return request.origin() == null || request.origin().isBlank() ? "http://localhost" : request.origin();
    }

    private static String selfUrl(String origin, String id) {
        return origin + CUSTOMERS_PATH + "/" + id;
    }

    private static String pageUrl(String origin, String cursor) {
        return origin + CUSTOMERS_PATH + "?page%5Bcursor%5D=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8);
    }

    private static String describe(Duration window) {
        if (window.toMillis() % 60_000 == 0) {
            long minutes = window.toMinutes();
            return minutes == 1 ? "minute" : minutes + " minutes";
        }
        return window.toMillis() % 1000 == 0 ? window.toSeconds() + " s" : window.toMillis() + " ms";
    }
}
