package com.rcistream.sweep;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.jboss.logging.Logger;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.runtime.configuration.MemorySize;

import com.rcistream.api.ApiAuth;
import com.rcistream.api.ApiBudget;
import com.rcistream.api.RciApi;
import com.rcistream.config.RciConfig;
import com.rcistream.config.UrlSanitizer;
import com.rcistream.errors.ApiResponseException;
import com.rcistream.errors.PaginationLoopException;
import com.rcistream.errors.TextMasker;
import com.rcistream.exchange.ExchangeProperties;
import com.rcistream.exchange.Stage;
import com.rcistream.exchange.SweepProgress;
import com.rcistream.state.CheckpointStore;
import com.rcistream.state.FingerprintStore;
import com.rcistream.topics.TopicSetup;

/**
 * Starts and ends sweeps: one at a time (the budget is per token), a summary at the end, exit after the last one.
 * Decides what a failure means for the walk: it ends at its next turn; the next sweep resumes at the checkpoint,
 * unless the API rejected the cursor, the pagination looped, or the sweeps keep failing at the same page, in which
 * cases the checkpoint is forgotten and the next sweep starts at page one.
 */
@ApplicationScoped
@Named("sweepCoordinator")
@RegisterForReflection
public class SweepCoordinator {

    private static final Logger LOG = Logger.getLogger(SweepCoordinator.class);
    /** One line a page, for whoever watches a sweep: off unless its category is at INFO (the demo profile sets it). */
    private static final Logger PAGES = Logger.getLogger("com.rcistream.sweep.pages");

    private static final long PROGRESS_EVERY_NANOS = 30_000_000_000L;

    private final RciConfig config;
    private final TopicSetup topics;
    private final AtomicReference<SweepProgress> current = new AtomicReference<>();
    private final AtomicReference<SweepProgress> last = new AtomicReference<>();
    private final AtomicInteger finished = new AtomicInteger();
    private final AtomicInteger failedInARow = new AtomicInteger();
    /** The page the last failed sweep failed at, and how many sweeps in a row failed there (only finish() writes them). */
    private String stuckPage;

    private int stuckSweeps;

    private final FingerprintStore fingerprints;
    private final CheckpointStore checkpoints;
    private final ApiAuth auth;
    private final RciApi api;
    private final ApiBudget budget;
    private volatile String heldReason;

    private final SweepMetrics metrics;
    private final CamelContext context;
    private final TextMasker masker;
    private volatile long lastProgressLog = System.nanoTime();

    public SweepCoordinator(
            RciConfig config,
            TopicSetup topics,
            FingerprintStore fingerprints,
            CheckpointStore checkpoints,
            ApiAuth auth,
            SweepMetrics metrics,
            RciApi api,
            ApiBudget budget,
            CamelContext context,
            TextMasker masker) {
        this.context = context;
        this.masker = masker;
        this.config = config;
        this.metrics = metrics;
        this.topics = topics;
        this.fingerprints = fingerprints;
        this.checkpoints = checkpoints;
        this.auth = auth;
        this.api = api;
        this.budget = budget;
    }

    /**
     * Sets the sweep's state on the exchange: from the checkpoint when a sweep was left half done, else from the
     * first page. Leaves it without state (nothing to do) when another sweep is running or the API refused the token.
     */
    public void start(Exchange exchange) {
        int max = config.poll().maxSweeps();
        if (max > 0 && finished.get() >= max) {
            // the application is stopping after its last sweep: a timer tick meanwhile starts none
            return;
        }
        String held = auth.reason();
        if (held != null) {
            if (!held.equals(heldReason)) {
                LOG.warnf("no sweep: %s", masker.mask(held));
                heldReason = held;
            }
            return;
        }
        heldReason = null;
        lastProgressLog = System.nanoTime();
        SweepProgress progress = new SweepProgress(config.publish().pagesInFlight());
        // a page in flight takes several times its answer in heap (its Jackson tree alone 4 times, on 6 MB pages)
        progress.pageWindow()
                .limitBytes(config.publish()
                        .maxBytesInFlight()
                        .map(MemorySize::asLongValue)
                        .orElse(Runtime.getRuntime().maxMemory() / 64));
        if (!current.compareAndSet(null, progress)) {
            LOG.warnf(
                    "a sweep is already running (%s); this trigger is skipped",
                    current.get().sweepId());
            exchange.getMessage().setBody(current.get());
            return;
        }
        exchange.setProperty(ExchangeProperties.PROGRESS, progress);
        budget.sweepStarted();
        topics.ensure();
        topics.readMessageLimits();
        fingerprints.catchUp();
        String resume = checkpoints.load();
        if (resume != null && api.sameOrigin(resume)) {
            exchange.setProperty(ExchangeProperties.NEXT_URL, resume);
            LOG.infof(
                    "sweep %s resumes from the checkpoint at %s",
                    progress.sweepId(), masker.mask(UrlSanitizer.sanitize(resume)));
        } else {
            exchange.setProperty(ExchangeProperties.NEXT_URL, api.customersUrl());
            LOG.infof("sweep %s started at %s", progress.sweepId(), UrlSanitizer.sanitize(api.customersUrl()));
        }
        progress.visit(exchange.getProperty(ExchangeProperties.NEXT_URL, String.class));
    }

    /** Logs the summary, whatever ended the sweep, and stops the application after rci.poll.max-sweeps. */
    public void finish(Exchange exchange) {
        SweepProgress progress = SweepProgress.of(exchange);
        if (progress == null) {
            return;
        }
        exchange.getMessage().setBody(progress);
        if (current.get() != progress) {
            return;
        }
        // the walk has ended; the pages it handed over are still being published, and decide where the checkpoint is
        if (!progress.pageWindow().awaitAll(() -> context.isStopped())) {
            progress.fail(
                    Stage.CHECKPOINT,
                    new IllegalStateException(progress.pageWindow().inFlight()
                            + " page(s) still being published when the application stopped"));
        }
        if (!current.compareAndSet(progress, null)) {
            return;
        }
        budget.sweepEnded();
        progress.finish();
        if (!progress.failed()) {
            checkpoints.clear();
            failedInARow.set(0);
            stuckPage = null;
            stuckSweeps = 0;
        } else {
            failedInARow.incrementAndGet();
            afterFailure(progress);
        }
        metrics.record(progress, failedInARow.get());
        last.set(progress);
        // the summary quotes what ended the sweep, which may be anyone's text
        if (progress.failed()) {
            LOG.warn(masker.mask(progress.summary()));
        } else {
            LOG.info(masker.mask(progress.summary()));
        }
        int max = config.poll().maxSweeps();
        if (max > 0 && finished.incrementAndGet() >= max) {
            LOG.infof("%d sweep(s) done (rci.poll.max-sweeps): stopping", max);
            Quarkus.asyncExit(progress.failed() ? 1 : 0);
        }
    }

    /**
     * What a failed sweep leaves for the next one: the checkpoint, so that it resumes where this one stopped, unless
     * resuming cannot help. Progress must never depend on one page: a page that fails for good would otherwise pin
     * every later sweep to it, and the pages before it (their changes, consent withdrawals, redactions) would never be
     * read again.
     */
    private void afterFailure(SweepProgress progress) {
        String page = progress.page();
        stuckSweeps = page != null && page.equals(stuckPage) ? stuckSweeps + 1 : 1;
        stuckPage = page;
        int restartAfter = config.sweep().failuresBeforeRestart();
        if (cursorRejected(progress)) {
            // The cursor is gone or bad: keeping it would fail every sweep from now on.
            LOG.warnf(
                    "the API rejected the cursor (HTTP %d): checkpoint cleared, the next sweep starts at page one",
                    ((ApiResponseException) progress.failureCause()).status());
            checkpoints.clear();
        } else if (progress.failureCause() instanceof PaginationLoopException) {
            LOG.warn("the pagination loops: checkpoint cleared, the next sweep starts at page one");
            checkpoints.clear();
        } else if (stuckSweeps >= restartAfter) {
            LOG.warnf(
                    "%d sweeps in a row failed at %s (rci.sweep.failures-before-restart is %d): checkpoint cleared, the"
                            + " next sweep starts at page one so that the pages before it stay fresh",
                    stuckSweeps, masker.mask(UrlSanitizer.sanitize(page)), restartAfter);
            checkpoints.clear();
        }
    }

    /** Sweeps that failed in a row, up to the last one (0 when it finished). */
    public int failedInARow() {
        return failedInARow.get();
    }

    /**
     * A page is published (pages finish in any order; the checkpoint keeps theirs): a progress line at most every
     * 30 s, so a long sweep (100,000 customers: 17 min) shows life.
     */
    void pageDone(SweepProgress progress, long page) {
        PAGES.infof(
                "sweep %.8s page %d published; %d pages, %d customers read so far (%d unchanged), %d API requests"
                        + " (%d answered 429)",
                progress.sweepId(),
                page,
                progress.pages(),
                progress.customers(),
                progress.unchangedCount(),
                progress.requests(),
                progress.rateLimitedCount());
        long now = System.nanoTime();
        if (now - lastProgressLog > PROGRESS_EVERY_NANOS) {
            lastProgressLog = now;
            LOG.infof(
                    "sweep %s: %d pages, %d customers read so far (%d unchanged), %d API requests (%d answered 429)",
                    progress.sweepId(),
                    progress.pages(),
                    progress.customers(),
                    progress.unchangedCount(),
                    progress.requests(),
                    progress.rateLimitedCount());
        }
    }

    /**
     * Whether the walk goes on: a next page exists and nothing stopped the sweep. Waits first while the pages being
     * published reach rci.publish.pages-in-flight or add up to rci.publish.max-bytes-in-flight.
     */
    public boolean hasNextPage(Exchange exchange) {
        SweepProgress progress = SweepProgress.of(exchange);
        if (progress == null || exchange.getProperty(ExchangeProperties.NEXT_URL) == null) {
            return false;
        }
        Long page = exchange.getProperty(ExchangeProperties.PAGE_SEQ, Long.class);
        Long bytes = exchange.getProperty(ExchangeProperties.ANSWER_BYTES, Long.class);
        if (page != null && bytes != null) {
            progress.pageWindow().weigh(page, bytes);
        }
        boolean room = progress.pageWindow().awaitRoom(() -> progress.failed() || context.isStopping());
        if (context.isStopping() && !progress.failed()) {
            // a stop (SIGTERM, a rollout) ends the walk: the pages handed over are published, the checkpoint kept
            LOG.infof(
                    "the application is stopping: sweep %s fetches no further page; %d page(s) in flight are"
                            + " published first, and the next sweep resumes from the checkpoint",
                    progress.sweepId(), progress.pageWindow().inFlight());
            progress.fail(Stage.FETCH_PAGE, new IllegalStateException("the application is stopping"));
        }
        return room && !progress.failed();
    }

    /** The sweep running now, or null. */
    public SweepProgress current() {
        return current.get();
    }

    /** The last sweep that ended, or null. */
    public SweepProgress last() {
        return last.get();
    }

    /** A 404 or 422 answer to a list page: the cursor expired or is bad (another 4xx, or a 5xx, is not about it). */
    private static boolean cursorRejected(SweepProgress progress) {
        return progress.failureStage() == Stage.FETCH_PAGE
                && progress.failureCause() != null
                && progress.failureCause().getClass() == ApiResponseException.class
                && (((ApiResponseException) progress.failureCause()).status() == 404
                        || ((ApiResponseException) progress.failureCause()).status() == 422);
    }
}
