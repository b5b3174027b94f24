package com.rcistream.config;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class SharedReadTest {

    private final AtomicInteger reads = new AtomicInteger();
    private final CountDownLatch firstRunning = new CountDownLatch(1);
    private final CountDownLatch firstMayEnd = new CountDownLatch(1);

    /** The first read holds until released; a read numbered in {@code failing} throws. */
    private SharedRead shared(int failing) {
        return new SharedRead(() -> {
            int n = reads.incrementAndGet();
            if (n == 1) {
                firstRunning.countDown();
                try {
                    firstMayEnd.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (n == failing) {
                throw new IllegalStateException("read " + n + " failed");
            }
        });
    }

    /** Starts each caller and returns once all of them wait behind the running first read. */
    private List<Thread> queueBehindFirstRead(SharedRead shared, int callers, List<Throwable> failures)
            throws InterruptedException {
        Thread first = new Thread(shared::await);
        first.start();
        firstRunning.await(30, TimeUnit.SECONDS);
        List<Thread> queued = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            Thread caller = new Thread(() -> {
                try {
                    shared.await();
                } catch (RuntimeException e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            });
            caller.start();
            queued.add(caller);
        }
        await().atMost(Duration.ofSeconds(30))
                .until(() -> queued.stream().allMatch(t -> t.getState() == Thread.State.BLOCKED));
        queued.add(first);
        return queued;
    }

    @Test
    void callersThatAskWhileAReadRunsShareTheNextOne() throws Exception {
        SharedRead shared = shared(0);
        List<Thread> callers = queueBehindFirstRead(shared, 5, new ArrayList<>());

        firstMayEnd.countDown();
        for (Thread t : callers) {
            t.join(30_000);
        }

        assertEquals(2, reads.get(), "the first read, then one read for the five that asked while it ran");
    }

    @Test
    void aCallerAfterAReadEndedGetsAReadOfItsOwn() throws Exception {
        firstMayEnd.countDown();
        SharedRead shared = shared(0);

        shared.await();
        shared.await();
        CompletableFuture.runAsync(shared::await).get(30, TimeUnit.SECONDS);

        assertEquals(3, reads.get());
    }

    @Test
    void theCallersOfAFailedReadGetItsFailureAndTheNextCallerReadsAgain()
            throws InterruptedException, ExecutionException {
        SharedRead shared = shared(2);
        List<Throwable> failures = new ArrayList<>();
        List<Thread> callers = queueBehindFirstRead(shared, 3, failures);

        firstMayEnd.countDown();
        for (Thread t : callers) {
            t.join(30_000);
        }

        assertEquals(2, reads.get());
        assertEquals(
                3, failures.size(), "the caller that ran the second read and the two that waited for it: " + failures);
        failures.forEach(f -> assertSame(failures.get(0), f));
        assertEquals("read 2 failed", failures.get(0).getMessage());
        shared.await();
        assertEquals(3, reads.get(), "a failed read is not shared with a caller that asks after it");
    }
}
