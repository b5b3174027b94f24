package com.rcistream.api;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import io.quarkus.runtime.annotations.RegisterForReflection;

import com.rcistream.config.RciConfig;

/**
 * How the API budget is shared between sweeps and refresh requests: while a sweep runs, refreshes may take at most
 * rci.refresh.budget-share of rci.api.requests-per-minute, so that a backlog of refresh requests cannot starve the
 * sweep; otherwise they may take the whole budget. Read by the refresh route's throttle, which takes one permit per
 * refresh period while a sweep runs and enough for the whole budget otherwise.
 */
@ApplicationScoped
@Named("apiBudget")
@RegisterForReflection
public class ApiBudget {

    private final AtomicInteger sweeping = new AtomicInteger();
    private final long periodMillis;
    private final int idlePermits;

    public ApiBudget(RciConfig config) {
        this.periodMillis = config.refreshSpacingMillis();
        this.idlePermits = (int) Math.ceil(1 / config.refresh().budgetShare());
    }

    public void sweepStarted() {
        sweeping.incrementAndGet();
    }

    public void sweepEnded() {
        sweeping.updateAndGet(n -> Math.max(0, n - 1));
    }

    /** Refresh calls allowed per {@link #refreshPeriodMillis()}: one while a sweep runs, the whole budget otherwise. */
    public int refreshPermits() {
        return sweeping.get() > 0 ? 1 : idlePermits;
    }

    /** The refresh throttle's period. */
    public long refreshPeriodMillis() {
        return periodMillis;
    }
}
