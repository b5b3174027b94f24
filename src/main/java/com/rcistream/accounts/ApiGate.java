package com.rcistream.accounts;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.jboss.logging.Logger;

/**
 * Holds every API call of one account back while the API has asked it to wait (a 429), so that its next call, from
 * any route, does not meet another 429. Written by hand: Camel's throttle spreads calls but cannot be paused from
 * outside.
 */
public class ApiGate {

    private static final Logger LOG = Logger.getLogger(ApiGate.class);

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition opened = lock.newCondition();
    private final AtomicInteger consecutive429 = new AtomicInteger();
    private long closedUntilNanos = System.nanoTime();
    private final String account;

    /** The gate of {@code account} (as the logs name it: empty for the one account of rci.api.token). */
    public ApiGate(String account) {
        this.account = account;
    }

    public ApiGate() {
        this("");
    }

    /** Closes the gate for {@code wait} (or keeps it closed longer if it already is). */
    public void pause(Duration wait) {
        lock.lock();
        try {
            long until = System.nanoTime() + wait.toNanos();
            if (until - closedUntilNanos > 0) {
                closedUntilNanos = until;
            }
        } finally {
            lock.unlock();
        }
        LOG.infof(
                "RCI API asked to wait (429): every API call%s holds for %d ms",
                account.isEmpty() ? "" : " of account " + account, wait.toMillis());
    }

    /** Blocks the calling thread until the gate is open. */
    public void awaitOpen() throws InterruptedException {
        lock.lock();
        try {
            long left;
            while ((left = closedUntilNanos - System.nanoTime()) > 0) {
                opened.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Counts a 429 and returns how many came in a row. */
    public int rateLimited() {
        return consecutive429.incrementAndGet();
    }

    /** A call that was not refused with 429 ends the run of 429s. */
    public void passed() {
        consecutive429.set(0);
    }

    /** Milliseconds the gate stays closed from now (0 when open). */
    public long closedForMillis() {
        lock.lock();
        try {
            return Math.max(0, TimeUnit.NANOSECONDS.toMillis(closedUntilNanos - System.nanoTime()));
        } finally {
            lock.unlock();
        }
    }
}
