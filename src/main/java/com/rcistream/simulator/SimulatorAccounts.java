package com.rcistream.simulator;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Every simulated account: the single one ({@link Simulator}, on {@code rci.simulator.token}) and the ones of
 * {@code rci.simulator.accounts}, each with its own token ({@code <token>-<account>}), data, limiter, cursors, faults
 * and counters, and the same customer ids. A request goes to the account whose token it carries, any other token to
 * the single account (which answers 401). Accounts cost their state only: customers are generated on demand.
 */
@ApplicationScoped
public class SimulatorAccounts {

    /** Prefix of the ids of the accounts {@code rci.simulator.accounts=N} makes: {@code store-1} to {@code store-N}. */
    public static final String NUMBERED_PREFIX = "store-";

    private static final Pattern ACCOUNT_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final long SALT_ACCOUNT = 0xACC0L;

    private final SimulatorConfig config;
    private final Simulator single;
    private final SimulatedApi singleApi;
    private final Clock clock;
    private final LongSupplier nanoClock;
    // replaced whole on a change, so that requests read it without a lock
    private volatile Map<String, Account> accounts = Map.of();

    private record Account(Simulator simulator, SimulatedApi api) {}

    @Inject
    SimulatorAccounts(SimulatorConfig config, Simulator single, SimulatedApi singleApi) {
        this(config, single, singleApi, Clock.systemUTC(), System::nanoTime);
    }

    /** The accounts as configured beside {@code single}, on the given clocks. */
    SimulatorAccounts(
            SimulatorConfig config, Simulator single, SimulatedApi singleApi, Clock clock, LongSupplier nanoClock) {
        this.config = config;
        this.single = single;
        this.singleApi = singleApi;
        this.clock = clock;
        this.nanoClock = nanoClock;
        reset();
    }

    /**
     * The account ids a setting names: a number N is {@code store-1} to {@code store-N} (0: none), anything else a
     * comma-separated list of ids (lowercase letters, digits and {@code -}, at most 63, not starting with {@code -}).
     */
    static List<String> parse(String setting) {
        String value = setting == null ? "" : setting.trim();
        List<String> ids = new ArrayList<>();
        if (value.chars().allMatch(Character::isDigit)) {
            int count = value.isEmpty() ? 0 : Integer.parseInt(value);
            for (int i = 1; i <= count; i++) {
                ids.add(NUMBERED_PREFIX + i);
            }
            return ids;
        }
        for (String part : value.split(",")) {
            String id = part.trim();
            if (!ACCOUNT_ID.matcher(id).matches()) {
                throw new IllegalArgumentException("rci.simulator.accounts: '" + id + "' is not an account id");
            }
            if (ids.contains(id)) {
                throw new IllegalArgumentException("rci.simulator.accounts: '" + id + "' is named twice");
            }
            ids.add(id);
        }
        return ids;
    }

    /** The token an account accepts: {@code <token>-<account>}; the single account (null) accepts {@code <token>}. */
    public static String tokenOf(String token, String account) {
        return account == null ? token : token + "-" + account;
    }

    /** The seed of an account's data: the same ids as every account, its own emails, orders and grades. */
    static long seedOf(long seed, String account) {
        long mixed = SeedMix.of(seed, SALT_ACCOUNT);
        for (int i = 0; i < account.length(); i++) {
            mixed = SeedMix.of(mixed, account.charAt(i));
        }
        return mixed;
    }

    /** The ids of the accounts beside the single one, in configuration order (added ones last). */
    public List<String> ids() {
        return List.copyOf(accounts.keySet());
    }

    /** The account of this id; {@code null} is the single account. */
    public Simulator account(String id) {
        if (id == null) {
            return single;
        }
        Account account = accounts.get(id);
        if (account == null) {
            throw new IllegalArgumentException("no simulated account " + id);
        }
        return account.simulator();
    }

    /** Adds an account at run time (a new store), until the next {@link #reset()}; returns it. */
    public synchronized Simulator add(String id) {
        if (!ACCOUNT_ID.matcher(id).matches() || accounts.containsKey(id)) {
            throw new IllegalArgumentException("'" + id + "' is not a new account id");
        }
        Map<String, Account> grown = new LinkedHashMap<>(accounts);
        Account account = create(id);
        grown.put(id, account);
        accounts = grown;
        return account.simulator();
    }

    /** The single account and every configured one back to the configuration; accounts added at run time go. */
    public synchronized void reset() {
        single.reset();
        Map<String, Account> fresh = new LinkedHashMap<>();
        for (String id : parse(config.accounts())) {
            fresh.put(id, create(id));
        }
        accounts = fresh;
    }

    /** Every account's cursors expire (422). */
    public void expireCursors() {
        single.expireCursors();
        accounts.values().forEach(account -> account.simulator().expireCursors());
    }

    /** The single account's stats, with each other account's counters under {@code accounts}. */
    public ObjectNode stats() {
        ObjectNode stats = single.stats();
        Map<String, Account> current = accounts;
        if (!current.isEmpty()) {
            ObjectNode each = stats.putObject("accounts");
            current.forEach((id, account) -> each.set(
                    id,
                    account.simulator()
                            .stats()
                            .put(
                                    "tokenRefused",
                                    account.simulator().accountToken().refused())));
        }
        return stats;
    }

    /** Every account's logged requests, oldest first. */
    public List<RecordedRequest> requests() {
        List<RecordedRequest> all = new ArrayList<>(single.requests());
        accounts.values().forEach(account -> all.addAll(account.simulator().requests()));
        all.sort(Comparator.comparing(RecordedRequest::time));
        return all;
    }

    /** Answers the request as the account whose token it carries (refused or not), or as the single account. */
    SimulatedResponse handle(SimulatedRequest request) {
        String presented = SimulatedApi.bearerToken(request.authorization());
        if (presented != null) {
            // a scan rather than a map by token: a test may change any account's token at run time
            for (Account account : accounts.values()) {
                if (account.simulator().accountToken().isOf(presented)) {
                    return account.api().handle(request);
                }
            }
        }
        return singleApi.handle(request);
    }

    private Account create(String id) {
        Simulator simulator = new Simulator(config, clock, nanoClock, id);
        return new Account(simulator, new SimulatedApi(simulator));
    }
}
