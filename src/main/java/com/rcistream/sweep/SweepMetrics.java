package com.rcistream.sweep;

import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import com.rcistream.exchange.SweepProgress;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * What sweeps did, as Micrometer meters on /q/metrics: sweeps by outcome and their duration, customers read and
 * skipped as unchanged, API requests and 429s, records acknowledged per topic.
 */
@ApplicationScoped
public class SweepMetrics {

    private final MeterRegistry registry;

    public SweepMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void record(SweepProgress sweep) {
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
