package com.rcistream.sweep;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import io.quarkus.runtime.annotations.RegisterForReflection;

import com.rcistream.accounts.Account;
import com.rcistream.accounts.Accounts;
import com.rcistream.accounts.Shards;
import com.rcistream.config.RciConfig;

/** When each account of rci.accounts.token-dir sweeps: every rci.poll.interval, start to start, never two at once. */
@ApplicationScoped
@Named("sweepSchedule")
@RegisterForReflection
public class SweepSchedule {

    private final RciConfig config;
    private final Accounts accounts;
    private final Shards shards;
    private final SweepCoordinator coordinator;
    private final SweepMetrics metrics;

    public SweepSchedule(
            RciConfig config, Accounts accounts, Shards shards, SweepCoordinator coordinator, SweepMetrics metrics) {
        this.config = config;
        this.accounts = accounts;
        this.shards = shards;
        this.coordinator = coordinator;
        this.metrics = metrics;
    }

    /**
     * The accounts of a shard whose next sweep is due (rci.poll.interval after their last one was queued) and that
     * have none queued or running, marked as queued.
     */
    public List<String> due(int shard) {
        long now = System.nanoTime();
        long interval = config.poll().interval().toNanos();
        List<String> due = new ArrayList<>();
        for (Account account : accounts.active()) {
            if (shards.of(account.id()) != shard) {
                continue;
            }
            AccountSweeps sweeps = coordinator.of(account.id());
            Long queuedAt = sweeps.queuedAt;
            if (!sweeps.busy && (queuedAt == null || now - queuedAt >= interval)) {
                sweeps.busy = true;
                sweeps.queuedAt = now;
                metrics.track(account.id());
                due.add(account.id());
            }
        }
        return due;
    }
}
