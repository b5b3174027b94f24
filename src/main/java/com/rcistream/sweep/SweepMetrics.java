package com.rcistream.sweep;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;

import com.rcistream.api.ApiAuth;
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
    private final AtomicInteger failuresInARow = new AtomicInteger();
    /** Epoch milliseconds: the end of the last sweep that finished without failure, or the start until one has. */
    private final AtomicLong lastSuccess = new AtomicLong(System.currentTimeMillis());

    public SweepMetrics(MeterRegistry registry, ApiAuth auth) {
        this.registry = registry;
        Gauge.builder("rci.api.token.refused", auth, a -> a.blocked() ? 1 : 0)
                .description("1 while the RCI API refuses the token (HTTP 401) and polling is held, else 0")
                .register(registry);
        Gauge.builder("rci.sweep.consecutive.failures", failuresInARow, AtomicInteger::get)
                .description("SweepCoordinator stopped by a failure since the last one that finished")
                .register(registry);
        Gauge.builder("rci.sweep.last.success.timestamp", lastSuccess, t -> t.get() / 1000.0)
                .baseUnit("seconds")
                .description("When the last sweep finished without failure (Unix time); the start of the application"
                        + " until one has")
                .register(registry);
    }

    /** Records an ended sweep; {@code failedSweepsInARow} is the sweeps' own count (see SweepCoordinator), not kept twice. */
    void record(SweepProgress sweep, int failedSweepsInARow) {
        failuresInARow.set(failedSweepsInARow);
        String outcome = sweep.failed() ? "stopped" : "finished";
        registry.timer("rci.sweep.duration", "outcome", outcome)
                .record(sweep.duration().toMillis(), TimeUnit.MILLISECONDS);
        registry.counter("rci.sweep.pages").increment(sweep.pages());
        registry.counter("rci.sweep.customers").increment(sweep.customers());
        registry.counter("rci.sweep.unchanged").increment(sweep.unchangedCount());
        registry.counter("rci.api.requests").increment(sweep.requests());
        registry.counter("rci.api.rate.limited").increment(sweep.rateLimitedCount());
        sweep.publishedPerTopic()
                .forEach((topic, count) ->
                        registry.counter("rci.published", "topic", topic).increment(count));
        if (!sweep.failed()) {
            lastSuccess.set(System.currentTimeMillis());
        }
    }
}
