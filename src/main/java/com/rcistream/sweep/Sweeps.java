package com.rcistream.sweep;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.camel.Exchange;
import org.jboss.logging.Logger;

import com.rcistream.config.RciConfig;
import com.rcistream.topics.TopicSetup;

import io.quarkus.runtime.Quarkus;

/** Starts and ends sweeps: one at a time (the budget is per token), a summary at the end, exit after the last one. */
@ApplicationScoped
public class Sweeps {

    private static final Logger LOG = Logger.getLogger(Sweeps.class);

    private final RciConfig config;
    private final TopicSetup topics;
    private final AtomicReference<SweepProgress> current = new AtomicReference<>();
    private final AtomicReference<SweepProgress> last = new AtomicReference<>();
    private final AtomicInteger finished = new AtomicInteger();

    public Sweeps(RciConfig config, TopicSetup topics) {
        this.config = config;
        this.topics = topics;
    }

    /** Sets the sweep's state on the exchange, or leaves it without a next URL when another sweep is running. */
    public void start(Exchange exchange) {
        SweepProgress progress = new SweepProgress();
        if (!current.compareAndSet(null, progress)) {
            LOG.warnf("a sweep is already running (%s); this trigger is skipped", current.get().sweepId());
            exchange.getMessage().setBody(current.get());
            return;
        }
        topics.ensure();
        exchange.setProperty(SweepProperties.PROGRESS, progress);
        exchange.setProperty(SweepProperties.NEXT_URL, firstPageUrl());
        LOG.infof("sweep %s started at %s", progress.sweepId(), firstPageUrl());
    }

    /** Logs the summary, whatever ended the sweep, and stops the application after rci.poll.max-sweeps. */
    public void finish(Exchange exchange) {
        SweepProgress progress = exchange.getProperty(SweepProperties.PROGRESS, SweepProgress.class);
        if (progress == null) {
            return;
        }
        exchange.getMessage().setBody(progress);
        if (!current.compareAndSet(progress, null)) {
            return;
        }
        progress.finish();
        last.set(progress);
        if (progress.failed()) {
            LOG.warn(progress.summary());
        } else {
            LOG.info(progress.summary());
        }
        int max = config.poll().maxSweeps();
        if (max > 0 && finished.incrementAndGet() >= max) {
            LOG.infof("%d sweep(s) done (rci.poll.max-sweeps): stopping", max);
            Quarkus.asyncExit(progress.failed() ? 1 : 0);
        }
    }

    /**
     * Records why the sweep cannot go on; the loop ends at its next turn. Kept on the shared progress, not on the
     * exchange, because a failure inside the split happens on a copy of the sweep's exchange.
     */
    public void stop(Exchange exchange, String reason) {
        SweepProgress progress = exchange.getProperty(SweepProperties.PROGRESS, SweepProgress.class);
        if (progress != null) {
            progress.fail(reason);
        }
    }

    /** Whether the walk goes on: a next page exists and nothing has stopped the sweep. */
    public boolean hasNextPage(Exchange exchange) {
        SweepProgress progress = exchange.getProperty(SweepProperties.PROGRESS, SweepProgress.class);
        return progress != null && !progress.failed() && exchange.getProperty(SweepProperties.NEXT_URL) != null;
    }

    /** The sweep running now, or null. */
    public SweepProgress current() {
        return current.get();
    }

    /** The last sweep that ended, or null. */
    public SweepProgress last() {
        return last.get();
    }

    private String firstPageUrl() {
        String base = config.api().baseUrl();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/customers";
    }
}
