package com.rcistream.simulator;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * The simulated RCI account and API: its customers, bearer token, rate limiter, cursors, faults and counters. The
 * HTTP layer ({@link SimulatorRoutes}) hands every request to {@link #handle}; tests in the same JVM drive and
 * inspect the account through the public methods. Thread-safe: every operation takes one lock, and none is slow.
 */
@ApplicationScoped
public class Simulator {

    /** Base path of the simulated API. */
    public static final String API_PATH = "/api/v1";
    /** The customers collection. */
    public static final String CUSTOMERS_PATH = API_PATH + "/customers";

    private static final String DEFAULT_FOREIGN_HOST = "https://rci-mirror.example.net";

    private final SimulatorConfig config;
    private final Clock clock;
    private final LongSupplier nanoClock;
    private final Object lock = new Object();
    private final CursorCodec cursors;
    private final SimulatorFaults faults;
    private final RequestLog log = new RequestLog();
    private final AtomicLong requestsServed = new AtomicLong();
    private final AtomicLong tooManyRequestsSent = new AtomicLong();
    private final AtomicLong burst429Sent = new AtomicLong();

    private CustomerStore store;
    private int generation;
    private volatile String token;
    private volatile int pageSize;
    private long startNanos;
    private TokenRateLimits limits;
    private FaultInjector injector;

    /** The simulator as configured, on the system clocks. */
    @Inject
    public Simulator(SimulatorConfig config) {
        this(config, Clock.systemUTC(), System::nanoTime);
    }

    /** The simulator as configured, on the given clocks (wall time for the request log, nanos for the limiter). */
    public Simulator(SimulatorConfig config, Clock clock, LongSupplier nanoClock) {
        this.config = config;
        this.clock = clock;
        this.nanoClock = nanoClock;
        this.cursors = new CursorCodec(config.seed());
        this.faults = new SimulatorFaults(config.faults());
        reset();
    }

    // ---- the data set ----

    /** The ids of all customers, in list order (computed on access, so cheap even for a million). */
    public List<String> ids() {
        synchronized (lock) {
            return store.ids();
        }
    }

    /** The current attributes of a customer, exactly as the API serves them. */
    public ObjectNode attributes(String id) {
        synchronized (lock) {
            return store.attributes(indexOf(id));
        }
    }

    /** Whether the customer is currently redacted. */
    public boolean isRedacted(String id) {
        synchronized (lock) {
            return store.facts(indexOf(id)).redacted();
        }
    }

    /** The number of customers. */
    public int size() {
        synchronized (lock) {
            return store.size();
        }
    }

    /**
     * Gives {@code k} distinct, non-redacted customers a new order each (orders_count, ltv_cents, recent_order_at,
     * updated_at... change). Deterministic for a given seed and call sequence. Returns their ids in list order.
     */
    public List<String> mutate(int k) {
        synchronized (lock) {
            return store.mutate(k);
        }
    }

    /** Sets the customer's marketing consents (updated_at moves when a flag changes); refused for a redacted customer. */
    public void setConsent(String id, boolean email, boolean sms) {
        synchronized (lock) {
            store.setConsent(indexOf(id), email, sms);
        }
    }

    /** Redacts the customer (GDPR): PII null, consents false, redacted_at and updated_at set. */
    public void redact(String id) {
        synchronized (lock) {
            store.redact(indexOf(id));
        }
    }

    /** Changes the number of customers (the first ones keep their ids and data). */
    public void setCustomers(int count) {
        synchronized (lock) {
            store.resize(count);
        }
    }

    // ---- API behaviour ----

    /** Back to the configuration: data and changes, faults, limiter, token, page size, counters, request log, cursor generation. */
    public void reset() {
        synchronized (lock) {
            SimulatorConfig.RateLimit rateLimit = config.rateLimit();
            store = new CustomerStore(config.seed(), config.redactedShare(), config.customers());
            generation = 0;
            setToken(config.token());
            setPageSize(config.pageSize());
            startNanos = nanoClock.getAsLong();
            limits = new TokenRateLimits(rateLimit.algorithm(), rateLimit.requests(), rateLimit.window(), nanoClock, startNanos);
            faults.copyFrom(config.faults());
            injector = new FaultInjector(config.seed());
            requestsServed.set(0);
            tooManyRequestsSent.set(0);
            burst429Sent.set(0);
            log.clear();
        }
    }

    /** Every cursor issued so far becomes invalid (422); new ones are issued from now on. */
    public void expireCursors() {
        synchronized (lock) {
            generation++;
        }
    }

    /** The bearer token accepted from now on; the old one gets 401. */
    public void setToken(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("the simulator's token must not be blank");
        }
        this.token = token;
    }

    /** The bearer token accepted. */
    public String token() {
        return token;
    }

    /** Customers per list page from the next page on. */
    public void setPageSize(int pageSize) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("page size must be at least 1, was " + pageSize);
        }
        this.pageSize = pageSize;
    }

    /** Customers per list page. */
    public int pageSize() {
        return pageSize;
    }

    /** A fresh limiter for every token: {@code sliding}, {@code fixed} or {@code leaky}, {@code requests} per {@code window}. */
    public void configureLimiter(String algorithm, int requests, Duration window) {
        synchronized (lock) {
            limits = new TokenRateLimits(algorithm == null ? null : algorithm.toLowerCase(Locale.ROOT), requests, window,
                    nanoClock, startNanos);
        }
    }

    /** The fault injection in force; change it through its setters. */
    public SimulatorFaults faults() {
        return faults;
    }

    // ---- counters ----

    /** Requests answered by the simulated API, whatever the status. */
    public long requestsServed() {
        return requestsServed.get();
    }

    /** 429s sent by the rate limiter. */
    public long tooManyRequestsSent() {
        return tooManyRequestsSent.get();
    }

    /** 429s sent by fault injection (bursts), not by the limiter. */
    public long burst429Sent() {
        return burst429Sent.get();
    }

    /** Requests beyond the budget: the ones the limiter refused (the same as {@link #tooManyRequestsSent()}). */
    public long overBudget() {
        return tooManyRequestsSent.get();
    }

    /** The requests answered, oldest first (the most recent {@value RequestLog#CAPACITY} at most). */
    public List<RecordedRequest> requests() {
        return log.snapshot();
    }

    /** The counters and the settings in force, as a JSON object. */
    public ObjectNode stats() {
        synchronized (lock) {
            ObjectNode stats = JsonNodeFactory.instance.objectNode();
            stats.put("requestsServed", requestsServed());
            stats.put("tooManyRequestsSent", tooManyRequestsSent());
            stats.put("burst429Sent", burst429Sent());
            stats.put("overBudget", overBudget());
            stats.put("customers", store.size());
            stats.put("changedCustomers", store.changedCount());
            stats.put("pageSize", pageSize);
            stats.put("cursorGeneration", generation);
            ObjectNode limiter = stats.putObject("rateLimit");
            limiter.put("algorithm", limits.algorithm());
            limiter.put("requests", limits.requests());
            limiter.put("window", limits.window().toString());
            return stats;
        }
    }

    // ---- the HTTP behaviour ----

    /** Answers one request to the simulated API: token, then limiter, then faults, then the resource. */
    SimulatedResponse handle(SimulatedRequest request) {
        Instant now = clock.instant();
        SimulatedResponse response;
        boolean tokenValid;
        synchronized (lock) {
            String presented = bearerToken(request.authorization());
            tokenValid = presented != null && presented.equals(token);
            response = tokenValid ? answerAuthorised(request, now) : unauthorised(presented == null);
        }
        requestsServed.incrementAndGet();
        log.add(new RecordedRequest(now, request.method(), request.pathAndQuery(), response.status(), tokenValid));
        return response;
    }

    private SimulatedResponse answerAuthorised(SimulatedRequest request, Instant now) {
        LimitDecision limit = limits.tryAcquire(token);
        if (!limit.allowed()) {
            tooManyRequestsSent.incrementAndGet();
            return error(429, "Too Many Requests", "Rate limit of " + limits.requests() + " requests per "
                    + describe(limits.window()) + " exceeded; retry after " + limit.retryAfterSeconds() + " s",
                    Map.of("Retry-After", Long.toString(limit.retryAfterSeconds())), Duration.ZERO);
        }
        FaultDecision fault = injector.next(faults);
        if (fault.burst429()) {
            burst429Sent.incrementAndGet();
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
            return get ? singleCustomer(request, path.substring(CUSTOMERS_PATH.length() + 1), fault) : methodNotAllowed(fault);
        }
        return error(404, "Not Found", "No resource at " + path, Map.of(), fault.delay());
    }

    private SimulatedResponse listPage(SimulatedRequest request, FaultDecision fault) {
        PageCursor cursor;
        try {
            cursor = request.cursor() == null ? PageCursor.first(generation) : cursors.decode(request.cursor(), generation);
        } catch (InvalidCursorException e) {
            return error(422, "Unprocessable Entity", e.getMessage(), Map.of(), fault.delay());
        }
        if (cursor.pageIndex() == faults.notJsonApiPage()) {
            return new SimulatedResponse(200, Map.of("Content-Type", "application/json"),
                    "{\"message\":\"maintenance\"}", fault.delay());
        }
        String origin = originOf(request);
        int size = store.size();
        int from = Math.min(cursor.offset(), size);
        int to = (int) Math.min((long) from + pageSize, size);
        List<ObjectNode> resources = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            String id = store.idAt(i);
            resources.add(JsonApiDocuments.customer(id, store.attributes(i), selfUrl(origin, id)));
        }
        String next = to < size ? pageUrl(origin, cursors.encode(new PageCursor(generation, cursor.pageIndex() + 1, to))) : null;
        if (cursor.pageIndex() == faults.foreignNextPage()) {
            next = faults.foreignNextUrl().orElse(DEFAULT_FOREIGN_HOST + CUSTOMERS_PATH + "?page%5Bcursor%5D="
                    + cursors.encode(new PageCursor(generation, cursor.pageIndex() + 1, to)));
        }
        if (cursor.pageIndex() == faults.badRecordsPage()) {
            breakTwoRecords(resources);
        }
        String body = JsonApiDocuments.write(JsonApiDocuments.list(resources, origin + CUSTOMERS_PATH, next));
        if (fault.malformedBody()) {
            body = body.substring(0, body.length() / 2);
        }
        return new SimulatedResponse(200, jsonApiHeaders(), body, fault.delay());
    }

    private SimulatedResponse singleCustomer(SimulatedRequest request, String id, FaultDecision fault) {
        int index = store.indexOf(id);
        if (index < 0) {
            return error(404, "Not Found", "No customer with id " + id + " in this account", Map.of(), fault.delay());
        }
        ObjectNode resource = JsonApiDocuments.customer(id, store.attributes(index), selfUrl(originOf(request), id));
        return new SimulatedResponse(200, jsonApiHeaders(), JsonApiDocuments.write(JsonApiDocuments.single(resource)),
                fault.delay());
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

    private SimulatedResponse unauthorised(boolean missing) {
        Map<String, String> headers = Map.of("WWW-Authenticate", "Bearer realm=\"rci\"");
        return error(401, "Unauthorized", missing ? "Missing Authorization: Bearer <token> header"
                : "The API token is invalid or has been revoked", headers, Duration.ZERO);
    }

    private static SimulatedResponse methodNotAllowed(FaultDecision fault) {
        return error(405, "Method Not Allowed", "Only GET is supported", Map.of("Allow", "GET"), fault.delay());
    }

    private static SimulatedResponse error(int status, String title, String detail, Map<String, String> extraHeaders,
            Duration delay) {
        Map<String, String> headers = jsonApiHeaders();
        headers.putAll(extraHeaders);
        return new SimulatedResponse(status, headers, JsonApiDocuments.write(JsonApiDocuments.error(status, title, detail)),
                delay);
    }

    private static Map<String, String> jsonApiHeaders() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", JsonApiDocuments.MEDIA_TYPE);
        return headers;
    }

    private int indexOf(String id) {
        int index = store.indexOf(id);
        if (index < 0) {
            throw new IllegalArgumentException("no customer with id " + id);
        }
        return index;
    }

    /** The token of an {@code Authorization: Bearer <token>} header, or null when there is none. */
    private static String bearerToken(String authorization) {
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
