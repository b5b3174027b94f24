package com.rcistream.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A simulated RCI account: its customers, bearer token, rate limiter, cursors, faults and counters. This bean is the
 * single account, {@link SimulatorAccounts} holds the others. {@link SimulatedApi} answers the HTTP requests against
 * it; tests drive and inspect it through the public methods. Thread-safe: every operation takes one lock.
 */
@ApplicationScoped
public class Simulator {

    /** Base path of the simulated API. */
    public static final String API_PATH = "/api/v1";
    /** The customers collection. */
    public static final String CUSTOMERS_PATH = API_PATH + "/customers";

    private final SimulatorConfig config;
    private final long dataSeed;
    private final Clock clock;
    private final LongSupplier nanoClock;
    private final Object lock = new Object();
    private final CursorCodec cursors;
    private final SimulatorFaults faults;
    private final ServedRequests served = new ServedRequests();

    private final Map<String, Consumer<ObjectNode>> reshaped = new HashMap<>();
    private CustomerStore store;
    private int generation;
    private final AccountToken token;
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
        this(config, clock, nanoClock, null);
    }

    /** One of the accounts beside the single one (null): the same ids, its own data, token, cursors and limiter. */
    Simulator(SimulatorConfig config, Clock clock, LongSupplier nanoClock, String account) {
        this.config = config;
        this.dataSeed = account == null ? config.seed() : SimulatorAccounts.seedOf(config.seed(), account);
        this.token = new AccountToken(account, SimulatorAccounts.tokenOf(config.token(), account));
        this.clock = clock;
        this.nanoClock = nanoClock;
        this.cursors = new CursorCodec(dataSeed);
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

    /** Gives {@code k} distinct, non-redacted customers a new order each, deterministically; their ids in list order. */
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

    /** Serves the customer's resource changed from now on (a consent as a string...); a reset ends it. */
    public void reshape(String id, Consumer<ObjectNode> change) {
        synchronized (lock) {
            indexOf(id);
            reshaped.put(id, change);
        }
    }

    /** Changes the number of customers (the first ones keep their ids and data). */
    public void setCustomers(int count) {
        synchronized (lock) {
            store.resize(count);
        }
    }

    // ---- API behaviour ----

    /** Back to the configuration: data, faults, limiter, token (accepted), page size, counters, log, cursors. */
    public void reset() {
        synchronized (lock) {
            store = new CustomerStore(config.seed(), dataSeed, config.redactedShare(), config.customers());
            generation = 0;
            setToken(SimulatorAccounts.tokenOf(config.token(), token.account()));
            setPageSize(config.pageSize());
            startNanos = nanoClock.getAsLong();
            SimulatorConfig.RateLimit limit = config.rateLimit();
            configureLimiter(limit.algorithm(), limit.requests(), limit.window());
            faults.copyFrom(config.faults());
            injector = new FaultInjector(dataSeed);
            served.clear();
            reshaped.clear();
        }
    }

    /** Every cursor issued so far becomes invalid (422); new ones are issued from now on. */
    public void expireCursors() {
        synchronized (lock) {
            generation++;
        }
    }

    /** The bearer token accepted from now on (no longer refused); the old one gets 401. */
    public void setToken(String token) {
        this.token.set(token);
    }

    /** The bearer token accepted. */
    public String token() {
        return token.value();
    }

    /** Answers 401 to the account's token from now on, as to a revoked one (false: accepts it again); reset ends it. */
    public void setTokenRefused(boolean refused) {
        token.setRefused(refused);
    }

    /** The account's id, null for the single account. */
    public String account() {
        return token.account();
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
            limits = new TokenRateLimits(algorithm, requests, window, nanoClock, startNanos);
        }
    }

    /** The fault injection in force; change it through its setters. */
    public SimulatorFaults faults() {
        return faults;
    }

    // ---- counters ----

    /** Requests answered by the simulated API, whatever the status. */
    public long requestsServed() {
        return served.requestsServed();
    }

    /** 429s sent by the rate limiter. */
    public long tooManyRequestsSent() {
        return served.tooManyRequestsSent();
    }

    /** 429s sent by fault injection (bursts), not by the limiter. */
    public long burst429Sent() {
        return served.burst429Sent();
    }

    /** The requests answered, oldest first (the most recent {@value RequestLog#CAPACITY} at most). */
    public List<RecordedRequest> requests() {
        return served.snapshot();
    }

    /** The counters and the settings in force, as a JSON object. */
    public ObjectNode stats() {
        synchronized (lock) {
            return SimulatorStats.of(served, store, pageSize, generation, limits);
        }
    }

    // ---- for SimulatedApi: the state it answers from, read and changed only inside underLock ----

    /** Runs one decision of the API under the account's lock, so it sees and changes the account atomically. */
    <T> T underLock(Supplier<T> decision) {
        synchronized (lock) {
            return decision.get();
        }
    }

    /** The wall time a request arrives at, as the request log records it. */
    Instant now() {
        return clock.instant();
    }

    /** The resource object as served: reshaped when a test asked for it (under the lock). */
    ObjectNode asServed(String id, ObjectNode resource) {
        reshaped.getOrDefault(id, unchanged -> {}).accept(resource);
        return resource;
    }

    /** The customers served (under the lock). */
    CustomerStore store() {
        return store;
    }

    /** The cursor generation in force: cursors of an older one are expired (under the lock). */
    int generation() {
        return generation;
    }

    /** Writes and checks the page cursors. */
    CursorCodec cursors() {
        return cursors;
    }

    /** The token, its account and whether it is refused. */
    AccountToken accountToken() {
        return token;
    }

    /** The per-token limiters in force (under the lock). */
    TokenRateLimits limits() {
        return limits;
    }

    /** The fault, if any, that the next request which passed token and limiter gets (under the lock). */
    FaultDecision nextFault() {
        return injector.next(faults);
    }

    /** The counters and the request log, which the API updates once it has decided an answer. */
    ServedRequests served() {
        return served;
    }

    private int indexOf(String id) {
        int index = store.indexOf(id);
        if (index < 0) {
            throw new IllegalArgumentException("no customer with id " + id);
        }
        return index;
    }
}
