package com.rcistream.sweep;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.jboss.logging.Logger;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.RegisterForReflection;

import com.rcistream.accounts.Account;
import com.rcistream.accounts.Accounts;
import com.rcistream.accounts.Shards;
import com.rcistream.api.ApiBudget;
import com.rcistream.api.RciApi;
import com.rcistream.config.RciConfig;
import com.rcistream.config.UrlSanitizer;
import com.rcistream.errors.TextMasker;
import com.rcistream.exchange.ExchangeProperties;
import com.rcistream.exchange.InFlightBudget;
import com.rcistream.exchange.Stage;
import com.rcistream.exchange.SweepProgress;
import com.rcistream.state.CheckpointStore;
import com.rcistream.state.FingerprintStore;
import com.rcistream.topics.TopicSetup;

/**
 * Starts and ends sweeps: one at a time for each account (its budget is its token's), a summary at the end, exit
 * after the last one.
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
    /** Each account's sweeps, by account id ("" for the one account of rci.api.token). */
    private final Map<String, AccountSweeps> byAccount = new ConcurrentHashMap<>();

    private final FingerprintStore fingerprints;
    private final CheckpointStore checkpoints;
    private final Accounts accounts;
    private final RciApi api;
    private final ApiBudget budget;
    private final Shards shards;
    private final SweepMetrics metrics;
    private final CamelContext context;
    private final TextMasker masker;
    private final InFlightBudget inFlight;

    public SweepCoordinator(
            RciConfig config,
            TopicSetup topics,
            FingerprintStore fingerprints,
            CheckpointStore checkpoints,
            Accounts accounts,
            SweepMetrics metrics,
            RciApi api,
            ApiBudget budget,
            Shards shards,
            CamelContext context,
            TextMasker masker) {
        this.context = context;
        this.masker = masker;
        this.config = config;
        this.metrics = metrics;
        this.topics = topics;
        this.fingerprints = fingerprints;
        this.checkpoints = checkpoints;
        this.accounts = accounts;
        this.api = api;
        this.budget = budget;
        this.shards = shards;
        this.inFlight = new InFlightBudget(config.publish().maxBytesInFlightTotalOrHeap());
    }

    /**
     * Sets the sweep's state on the exchange: from the checkpoint when a sweep was left half done, else from the
     * first page. Leaves it without state (nothing to do) when another sweep is running or the API refused the token.
     */
    public void start(Exchange exchange) {
        String id = exchange.getProperty(ExchangeProperties.ACCOUNT, "", String.class);
        AccountSweeps sweeps = of(id);
        Account account = accounts.byId(id);
        if (account == null || gone(account, sweeps)) {
            // its token file went or its shard moved to another pod while it was queued, or it had its last sweep
            sweeps.busy = false;
            return;
        }
        if (sweeps.held(account.holdReason(), masker)) {
            return;
        }
        sweeps.lastProgressLog = System.nanoTime();
        SweepProgress progress = new SweepProgress(config.publish().pagesInFlight(), id);
        // a page in flight takes several times its answer in heap (its Jackson tree alone 4 times, on 6 MB pages)
        progress.pageWindow()
                .limitBytes(config.publish().maxBytesInFlightOrHeap())
                .share(inFlight);
        if (!sweeps.current.compareAndSet(null, progress)) {
            SweepProgress running = sweeps.current.get();
            LOG.warnf("a sweep is already running (%s); this trigger is skipped", running.sweepId());
            exchange.getMessage().setBody(running);
            return;
        }
        topics.ensure();
        topics.readMessageLimits();
        fingerprints.catchUp();
        String resume = checkpoints.load(id);
        if (gone(account, sweeps)) {
            // its file went while this sweep waited for the state above (another start held it): none starts
            sweeps.current.set(null);
            sweeps.busy = false;
            return;
        }
        exchange.setProperty(ExchangeProperties.PROGRESS, progress);
        budget.sweepStarted();
        if (resume != null && api.sameOrigin(account, resume)) {
            exchange.setProperty(ExchangeProperties.NEXT_URL, resume);
            LOG.infof(
                    "%ssweep %s resumes from the checkpoint at %s",
                    AccountSweeps.named(id), progress.sweepId(), masker.mask(UrlSanitizer.sanitize(resume)));
        } else {
            exchange.setProperty(ExchangeProperties.NEXT_URL, api.customersUrl(account));
            LOG.infof(
                    "%ssweep %s started at %s",
                    AccountSweeps.named(id), progress.sweepId(), UrlSanitizer.sanitize(api.customersUrl(account)));
        }
        progress.visit(exchange.getProperty(ExchangeProperties.NEXT_URL, String.class));
    }

    private boolean gone(Account account, AccountSweeps sweeps) {
        int max = config.poll().maxSweeps();
        return account.removed() || !shards.leadsAccountOf(account.id()) || max > 0 && sweeps.finished.get() >= max;
    }

    /** Logs the summary, whatever ended the sweep, and stops the application after rci.poll.max-sweeps. */
    public void finish(Exchange exchange) {
        SweepProgress progress = SweepProgress.of(exchange);
        if (progress == null) {
            return;
        }
        exchange.getMessage().setBody(progress);
        AccountSweeps sweeps = of(progress.account());
        if (sweeps.current.get() != progress) {
            return;
        }
        // the walk has ended; the pages it handed over are still being published, and decide where the checkpoint is
        if (!progress.pageWindow().awaitAll(() -> context.isStopped())) {
            progress.fail(
                    Stage.CHECKPOINT,
                    new IllegalStateException(progress.pageWindow().inFlight()
                            + " page(s) still being published when the application stopped"));
        }
        if (!sweeps.current.compareAndSet(progress, null)) {
            return;
        }
        sweeps.busy = false;
        budget.sweepEnded();
        progress.finish();
        boolean stopped = progress.failureCause() instanceof WalkStopped;
        if (!progress.failed()) {
            checkpoints.clear(progress.account());
            fingerprints.sweepCompleted(progress.account(), progress.sweepId());
            sweeps.failedInARow.set(0);
            sweeps.stuckPage = null;
            sweeps.stuckSweeps = 0;
        } else if (!stopped) {
            sweeps.failedInARow.incrementAndGet();
            sweeps.afterFailure(progress, config.sweep().failuresBeforeRestart(), checkpoints, masker);
        }
        metrics.record(progress, sweeps.failedInARow.get());
        sweeps.last.set(progress);
        // the summary quotes what ended the sweep, which may be anyone's text
        if (progress.failed() && !stopped) {
            LOG.warn(masker.mask(progress.summary()));
        } else {
            LOG.info(masker.mask(progress.summary()));
        }
        int max = config.poll().maxSweeps();
        if (max > 0 && sweeps.finished.incrementAndGet() >= max && allDone(max)) {
            LOG.infof("%d sweep(s) done (rci.poll.max-sweeps): stopping", max);
            // the exit code says whether every account's last sweep finished
            boolean failed = accounts.active().stream()
                    .anyMatch(a -> last(a.id()) != null && last(a.id()).failed());
            Quarkus.asyncExit(failed ? 1 : 0);
        }
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
        AccountSweeps sweeps = of(progress.account());
        if (now - sweeps.lastProgressLog > PROGRESS_EVERY_NANOS) {
            sweeps.lastProgressLog = now;
            LOG.infof(
                    AccountSweeps.named(progress.account())
                            + "sweep %s: %d pages, %d customers read so far (%d unchanged), %d API requests (%d answered 429)",
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
        boolean room = progress.pageWindow().awaitRoom(() -> progress.failed() || stopReason(progress) != null);
        String stop = stopReason(progress);
        if (stop != null && !progress.failed()) {
            // a stop (SIGTERM, a rollout) or a shard led elsewhere now ends the walk; the pages handed over are
            // published and the checkpoint kept, for whoever sweeps the account next
            LOG.infof(
                    "%s%s: sweep %s fetches no further page; %d page(s) in flight are published first, and the next"
                            + " sweep resumes from the checkpoint",
                    AccountSweeps.named(progress.account()),
                    stop,
                    progress.sweepId(),
                    progress.pageWindow().inFlight());
            progress.fail(Stage.FETCH_PAGE, new WalkStopped(stop));
        }
        return room && !progress.failed();
    }

    /** Why the walk must end though nothing failed, or null. */
    private String stopReason(SweepProgress progress) {
        if (context.isStopping()) {
            return "the application is stopping";
        }
        return shards.leadsAccountOf(progress.account())
                ? null
                : "this pod no longer leads " + shards.name(shards.of(progress.account()));
    }

    /** The last sweep of an account that ended, or null. */
    public SweepProgress last(String account) {
        return of(account).last.get();
    }

    /** Sweeps of the account that failed in a row, up to its last one. */
    public int failedInARow(String account) {
        return of(account).failedInARow.get();
    }

    AccountSweeps of(String account) {
        return byAccount.computeIfAbsent(account, a -> new AccountSweeps());
    }

    /** Whether every account has had rci.poll.max-sweeps sweeps. */
    private boolean allDone(int max) {
        return accounts.active().stream().allMatch(a -> of(a.id()).finished.get() >= max);
    }
}
