package com.rcistream.sweep;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.jboss.logging.Logger;

import com.rcistream.config.UrlSanitizer;
import com.rcistream.errors.ApiResponseException;
import com.rcistream.errors.PaginationLoopException;
import com.rcistream.errors.TextMasker;
import com.rcistream.exchange.Stage;
import com.rcistream.exchange.SweepProgress;
import com.rcistream.state.CheckpointStore;

/** What the sweeps of one account know of each other: the one running, the last, the failures in a row. */
final class AccountSweeps {

    private static final Logger LOG = Logger.getLogger(SweepCoordinator.class);

    final AtomicReference<SweepProgress> current = new AtomicReference<>();
    final AtomicReference<SweepProgress> last = new AtomicReference<>();
    final AtomicInteger finished = new AtomicInteger();
    final AtomicInteger failedInARow = new AtomicInteger();
    /** The page the last failed sweep failed at, and how many sweeps in a row failed there (only finish() writes them). */
    String stuckPage;

    int stuckSweeps;
    volatile String heldReason;
    volatile long lastProgressLog = System.nanoTime();
    /** When its last sweep was queued to start (System.nanoTime()), or null before the first. */
    volatile Long queuedAt;
    /** Whether a sweep of it is queued or running: the scheduler queues no second one. */
    volatile boolean busy;

    /** Whether the API's refusal holds this account (said once a reason), which leaves it free for the next trigger. */
    boolean held(String reason, TextMasker masker) {
        if (reason == null) {
            heldReason = null;
            return false;
        }
        if (!reason.equals(heldReason)) {
            LOG.warnf("no sweep: %s", masker.mask(reason));
            heldReason = reason;
        }
        busy = false;
        return true;
    }

    /**
     * What a failed sweep leaves for the next one: the checkpoint, so that it resumes where this one stopped, unless
     * resuming cannot help. Progress must never depend on one page: a page that fails for good would otherwise pin
     * every later sweep to it, and the pages before it (their changes, consent withdrawals, redactions) would never be
     * read again.
     */
    void afterFailure(SweepProgress progress, int restartAfter, CheckpointStore checkpoints, TextMasker masker) {
        String page = progress.page();
        stuckSweeps = page != null && page.equals(stuckPage) ? stuckSweeps + 1 : 1;
        stuckPage = page;
        String account = progress.account();
        if (cursorRejected(progress)) {
            // The cursor is gone or bad: keeping it would fail every sweep from now on.
            LOG.warnf(
                    named(account)
                            + "the API rejected the cursor (HTTP %d): checkpoint cleared, the next sweep starts at page one",
                    ((ApiResponseException) progress.failureCause()).status());
            checkpoints.clear(account);
        } else if (progress.failureCause() instanceof PaginationLoopException) {
            LOG.warn(named(account) + "the pagination loops: checkpoint cleared, the next sweep starts at page one");
            checkpoints.clear(account);
        } else if (stuckSweeps >= restartAfter) {
            LOG.warnf(
                    named(account)
                            + "%d sweeps in a row failed at %s (rci.sweep.failures-before-restart is %d): checkpoint cleared, the"
                            + " next sweep starts at page one so that the pages before it stay fresh",
                    stuckSweeps,
                    masker.mask(UrlSanitizer.sanitize(page)),
                    restartAfter);
            checkpoints.clear(account);
        }
    }

    /** A 404 or 422 answer to a list page: the cursor expired or is bad (another 4xx, or a 5xx, is not about it). */
    private static boolean cursorRejected(SweepProgress progress) {
        return progress.failureStage() == Stage.FETCH_PAGE
                && progress.failureCause() != null
                && progress.failureCause().getClass() == ApiResponseException.class
                && (((ApiResponseException) progress.failureCause()).status() == 404
                        || ((ApiResponseException) progress.failureCause()).status() == 422);
    }

    static String named(String account) {
        return account.isEmpty() ? "" : "account " + account + ": ";
    }
}
