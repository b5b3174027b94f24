package com.rcistream.sweep;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.Startup;

import com.rcistream.accounts.Account;
import com.rcistream.accounts.Accounts;
import com.rcistream.exchange.SweepProgress;

/**
 * What sweeps did, as Micrometer meters on /q/metrics: sweeps by outcome and their duration, customers read and
 * skipped as unchanged, API requests and 429s, records acknowledged per topic, and how many sweeps in a row failed
 * (which also makes the next sweep start at page one, see SweepCoordinator). The gauges are what the alerts in
 * k8s/prometheus-rule.yaml read, so they exist from the start (hence {@code @Startup}), before any sweep ends.
 */
@Startup
@ApplicationScoped
public class SweepMetrics {

    private final MeterRegistry registry;
    /** Each account's gauges, tagged {@code account} with rci.accounts.token-dir, untagged ("") with rci.api.token. */
    private final Map<String, AccountGauges> byAccount = new ConcurrentHashMap<>();

    /** An account's failures in a row, and the end of its last sweep that finished (epoch ms; the start until one). */
    private record AccountGauges(AtomicInteger failuresInARow, AtomicLong lastSuccess) {}

    public SweepMetrics(MeterRegistry registry, Accounts accounts) {
        this.registry = registry;
        Gauge.builder(
                        "rci.api.token.refused",
                        accounts,
                        a -> a.active().stream().filter(Account::blocked).count())
                .description("Accounts whose token the RCI API refuses (HTTP 401), their polling held: 1 or 0 with"
                        + " rci.api.token")
                .register(registry);
        if (!accounts.named()) {
            track("");
        }
    }

    /** Registers an account's gauges, so that they exist before its first sweep ends (the alerts read them). */
    void track(String account) {
        byAccount.computeIfAbsent(account, id -> {
            AccountGauges gauges = new AccountGauges(new AtomicInteger(), new AtomicLong(System.currentTimeMillis()));
            Tags tags = tags(id);
            Gauge.builder("rci.sweep.consecutive.failures", gauges.failuresInARow(), AtomicInteger::get)
                    .description("Sweeps stopped by a failure since the last one that finished")
                    .tags(tags)
                    .register(registry);
            Gauge.builder("rci.sweep.last.success.timestamp", gauges.lastSuccess(), t -> t.get() / 1000.0)
                    .baseUnit("seconds")
                    .description("When the last sweep finished without failure (Unix time); the start of the"
                            + " application until one has")
                    .tags(tags)
                    .register(registry);
            return gauges;
        });
    }

    /** Records an ended sweep; {@code failedSweepsInARow} is its account's own count (see SweepCoordinator). */
    void record(SweepProgress sweep, int failedSweepsInARow) {
        track(sweep.account());
        AccountGauges gauges = byAccount.get(sweep.account());
        gauges.failuresInARow().set(failedSweepsInARow);
        Tags tags = tags(sweep.account());
        String outcome = sweep.failed() ? "stopped" : "finished";
        registry.timer("rci.sweep.duration", tags.and("outcome", outcome))
                .record(sweep.duration().toMillis(), TimeUnit.MILLISECONDS);
        registry.counter("rci.sweep.pages", tags).increment(sweep.pages());
        registry.counter("rci.sweep.customers", tags).increment(sweep.customers());
        registry.counter("rci.sweep.unchanged", tags).increment(sweep.unchangedCount());
        registry.counter("rci.api.requests", tags).increment(sweep.requests());
        registry.counter("rci.api.rate.limited", tags).increment(sweep.rateLimitedCount());
        sweep.publishedPerTopic()
                .forEach((topic, count) -> registry.counter("rci.published", tags.and("topic", topic))
                        .increment(count));
        if (!sweep.failed()) {
            gauges.lastSuccess().set(System.currentTimeMillis());
        }
    }

    private static Tags tags(String account) {
        return account.isEmpty() ? Tags.empty() : Tags.of("account", account);
    }
}
