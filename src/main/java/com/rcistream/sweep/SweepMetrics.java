package com.rcistream.sweep;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import com.rcistream.exchange.SweepProgress;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;

/**
 * What sweeps did, as Micrometer meters on /q/metrics: sweeps by outcome and their duration, customers read and
 * skipped as unchanged, API requests and 429s, records acknowledged per topic, and how many sweeps in a row failed.
 */
@ApplicationScoped
@Startup
public class SweepMetrics {

    private final MeterRegistry registry;
    private final AtomicInteger failedInARow;

    public SweepMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.failedInARow = registry.gauge("rci.sweep.consecutive.failures", new AtomicInteger());
    }

    void record(SweepProgress sweep, int failedSweepsInARow) {
        failedInARow.set(failedSweepsInARow);
        String outcome = sweep.failed() ? "stopped" : "finished";
        registry.timer("rci.sweep.duration", "outcome", outcome).record(sweep.duration().toMillis(), TimeUnit.MILLISECONDS);
        registry.counter("rci.sweep.pages").increment(sweep.pages());
        registry.counter("rci.sweep.customers").increment(sweep.customers());
        registry.counter("rci.sweep.unchanged").increment(sweep.unchangedCount());
        registry.counter("rci.api.requests").increment(sweep.requests());
        registry.counter("rci.api.rate.limited").increment(sweep.rateLimitedCount());
        sweep.publishedPerTopic().forEach((topic, count) -> registry.counter("rci.published", "topic", topic).increment(count));
    }
}
