package com.rcistream.exchange;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** The window of pages in flight: bounded, and a checkpoint that only moves past an unbroken run, in page order. */
class PageWindowTest {

    @Test
    void theCheckpointWaitsForEveryEarlierPage() {
        PageWindow window = new PageWindow(4);
        long first = window.handOver("page-2");
        long second = window.handOver("page-3");
        long third = window.handOver("page-4");

        assertNull(window.published(third), "page 3 is published, but not pages 1 and 2");
        assertNull(window.published(second));
        assertEquals("page-4", window.published(first), "pages 1 to 3 published: resume at page 4");
        assertEquals(3, window.publishedInOrder());
    }

    @Test
    void aPageThatNeverPublishesHoldsTheCheckpointBeforeIt() {
        PageWindow window = new PageWindow(4);
        long first = window.handOver("page-2");
        window.handOver("page-3"); // fails: settled, never published
        long third = window.handOver("page-4");

        assertEquals("page-2", window.published(first));
        assertNull(window.published(third), "page 2 failed: the checkpoint stays before it");
        assertEquals(1, window.publishedInOrder());
    }

    @Test
    void theLastPageAndARefusedLinkLeaveNoCheckpoint() {
        PageWindow window = new PageWindow(2);
        long last = window.handOver(null);

        assertNull(window.published(last));
        assertEquals(1, window.publishedInOrder(), "the page counts as published all the same");
    }

    @Test
    void theWalkWaitsForRoomAndNeverHasMoreThanTheWindowOut() throws Exception {
        int size = 3;
        int pages = 200;
        PageWindow window = new PageWindow(size);
        ExecutorService publishers = Executors.newFixedThreadPool(8);
        AtomicInteger mostInFlight = new AtomicInteger();
        List<String> checkpoints = Collections.synchronizedList(new ArrayList<>());
        try {
            for (int page = 1; page <= pages; page++) {
                assertTrue(window.awaitRoom(() -> false));
                long seq = window.handOver(page < pages ? "page-" + (page + 1) : null);
                mostInFlight.accumulateAndGet(window.inFlight(), Math::max);
                publishers.submit(() -> {
                    sleepUpToAMillisecond();
                    synchronized (window) {
                        String checkpoint = window.published(seq);
                        if (checkpoint != null) {
                            checkpoints.add(checkpoint);
                        }
                    }
                    window.settled(seq);
                });
            }
            assertTrue(window.awaitAll(() -> false));
        } finally {
            publishers.shutdownNow();
        }

        assertEquals(size, mostInFlight.get(), "the walk ran exactly the window's size ahead, never more");
        assertEquals(0, window.inFlight());
        assertEquals(pages, window.publishedInOrder());
        int previous = 1;
        for (String checkpoint : checkpoints) {
            int page = Integer.parseInt(checkpoint.substring("page-".length()));
            assertTrue(page > previous, "checkpoints in page order: " + checkpoints);
            previous = page;
        }
        // the last run may end with the last page, whose next link is null: its checkpoint is then the one before
        // the window's pages, which were published ahead of the page that closed the run
        assertTrue(previous >= pages - size, "the last checkpoint is at the end of the walk: " + previous);
    }

    @Test
    void noFurtherPageOnceTheAnswersInFlightReachTheByteLimit() {
        PageWindow window = new PageWindow(4).limitBytes(100);
        long first = window.handOver("page-2");
        window.weigh(first, 60);
        assertTrue(window.hasRoom(), "60 of 100 bytes in flight");
        long second = window.handOver("page-3");
        window.weigh(second, 40);

        assertEquals(100, window.bytesInFlight());
        assertFalse(window.hasRoom(), "100 of 100 bytes in flight, though only 2 of 4 pages");
        window.settled(first);
        assertEquals(40, window.bytesInFlight(), "a settled page's bytes are free again");
        assertTrue(window.hasRoom());
    }

    @Test
    void theBudgetSharedByEverySweepHoldsBackEvenASweepWithNothingInFlight() {
        // 500 accounts' windows of 4 MiB each added up to 2 GiB in a 256 MiB heap
        InFlightBudget shared = new InFlightBudget(100);
        PageWindow busy = new PageWindow(4).share(shared);
        PageWindow idle = new PageWindow(4).share(shared);
        long first = busy.handOver("page-2");
        busy.weigh(first, 70);
        long second = busy.handOver("page-3");
        busy.weigh(second, 30);

        assertEquals(100, shared.bytesInFlight());
        assertFalse(idle.hasRoom(), "nothing of its own in flight, but the process's 100 bytes are");
        assertFalse(busy.hasRoom());
        busy.settled(first);
        assertEquals(30, shared.bytesInFlight(), "a settled page's bytes are free for every sweep");
        assertTrue(idle.hasRoom());
        long its = idle.handOver("page-2");
        idle.weigh(its, 70);
        busy.settled(second);
        idle.settled(its);
        assertEquals(0, shared.bytesInFlight(), "every page settled, nothing counted: no walk waits for itself");
        assertTrue(busy.hasRoom() && idle.hasRoom());
    }

    @Test
    void aWalkFetchingAPageHoldsAGuessOfItInTheSharedBudgetUntilItIsWeighed() {
        // 500 walks fetching at once held 500 pages that nothing counted: the bundle ran out of heap all the same
        InFlightBudget shared = new InFlightBudget(100);
        PageWindow walk = new PageWindow(4).limitBytes(400).share(shared);
        PageWindow other = new PageWindow(4).limitBytes(400).share(shared);

        assertTrue(walk.awaitRoom(() -> false));
        assertEquals(100, shared.bytesInFlight(), "before the first page: a page's share of the window, 400 / 4");
        assertFalse(other.hasRoom(), "the fetch counts before its page is handed over");
        long page = walk.handOver("page-2");
        walk.weigh(page, 30);
        assertEquals(30, shared.bytesInFlight(), "weighed: the guess gives way to the page's own bytes");
        assertTrue(other.hasRoom());
        assertTrue(walk.awaitRoom(() -> false));
        assertEquals(60, shared.bytesInFlight(), "the next fetch guessed at the last page's 30 bytes");

        walk.settled(page);
        assertTrue(walk.awaitAll(() -> false));
        assertEquals(0, shared.bytesInFlight(), "the walk ended: nothing of it counts any more");
    }

    @Test
    void onePageLargerThanTheByteLimitStillGoesAlone() {
        PageWindow window = new PageWindow(4).limitBytes(100);
        assertTrue(window.hasRoom(), "nothing in flight: the walk cannot wait for itself");
        long large = window.handOver("page-2");
        window.weigh(large, 1_000);

        assertFalse(window.hasRoom(), "but nothing beside it");
        window.settled(large);
        assertEquals(0, window.bytesInFlight());
        assertTrue(window.hasRoom());
    }

    @Test
    void aPageWeighedAgainOrAfterItSettledCountsOnceOrNotAtAll() {
        PageWindow window = new PageWindow(4).limitBytes(100);
        long settled = window.handOver("page-2");
        window.settled(settled);
        window.weigh(settled, 1_000);
        assertEquals(0, window.bytesInFlight(), "published before the walk weighed it: nothing left to count");
        long page = window.handOver("page-3");
        window.weigh(page, 30);
        window.weigh(page, 30);
        assertEquals(30, window.bytesInFlight());
        window.weigh(page + 1, 500);
        assertEquals(30, window.bytesInFlight(), "never handed over");
    }

    @Test
    void theWalkWaitsUntilAHeavyPageSettles() throws Exception {
        PageWindow window = new PageWindow(4).limitBytes(100);
        long heavy = window.handOver("page-2");
        window.weigh(heavy, 100);
        AtomicInteger checks = new AtomicInteger();
        CompletableFuture<Boolean> room = CompletableFuture.supplyAsync(() -> window.awaitRoom(() -> {
            checks.incrementAndGet();
            return false;
        }));

        await().atMost(Duration.ofSeconds(5)).until(() -> checks.get() >= 2);
        assertFalse(room.isDone(), "still waiting after checking twice");
        window.settled(heavy);
        assertTrue(room.get(5, TimeUnit.SECONDS));
    }

    @Test
    void waitingEndsWhenTheWalkOrTheApplicationDoes() {
        PageWindow window = new PageWindow(1);
        window.handOver("page-2");

        assertTrue(window.awaitRoom(() -> true), "a walk that ends anyway does not wait for room");
        assertFalse(window.awaitAll(() -> true), "a page never settled: awaitAll gives up when told it never will be");
        assertEquals(1, window.inFlight());
    }

    @Test
    void anUnknownOrTwicePublishedPageMovesNothing() {
        PageWindow window = new PageWindow(4);
        long first = window.handOver("page-2");
        long second = window.handOver("page-3");

        assertNull(window.published(second + 1), "never handed over");
        assertEquals("page-2", window.published(first));
        assertNull(window.published(first), "published again: behind the frontier");
        assertEquals(1, window.publishedInOrder());
        assertEquals("page-3", window.published(second));
        assertNull(window.published(second));
        assertEquals(2, window.publishedInOrder());
    }

    @Test
    void aPageHandsOverEachPhaseOnlyAfterEveryEarlierPage() {
        PageWindow window = new PageWindow(4);
        long first = window.handOver("page-2");
        long second = window.handOver("page-3");
        long third = window.handOver(null);

        assertTrue(window.awaitTurn(first, PageRecords.Phase.FAN_OUT, () -> false), "the first page goes at once");
        assertFalse(
                window.awaitTurn(second, PageRecords.Phase.FAN_OUT, () -> true),
                "the second page waits for the first to hand over its fan-out records");
        window.handedOver(first, PageRecords.Phase.FAN_OUT);
        assertTrue(window.awaitTurn(second, PageRecords.Phase.FAN_OUT, () -> false), "then it goes");
        assertFalse(
                window.awaitTurn(second, PageRecords.Phase.REDACTION, () -> true),
                "its redaction events wait for the first page's");
        assertFalse(
                window.awaitTurn(third, PageRecords.Phase.FAN_OUT, () -> true),
                "the third page waits for the second, not only for the first");
    }

    @Test
    void aSettledPageGivesUpItsTurnsWhateverItHandedOver() {
        PageWindow window = new PageWindow(4);
        long first = window.handOver("page-2");
        long second = window.handOver(null);
        window.handedOver(second, PageRecords.Phase.FAN_OUT); // ahead of the first page: waits behind it

        window.settled(first); // failed before it sent anything

        for (PageRecords.Phase phase : PageRecords.Phase.values()) {
            assertTrue(window.awaitTurn(second, phase, () -> false), "the second page's turn at " + phase);
        }
        assertTrue(window.awaitTurn(second + 1, PageRecords.Phase.FAN_OUT, () -> false), "the second passed it");
        assertFalse(
                window.awaitTurn(second + 1, PageRecords.Phase.REDACTION, () -> true),
                "but not its later phases, which it has not handed over");
    }

    @Test
    void anInterruptedWaitGivesUpAndKeepsTheInterrupt() {
        PageWindow window = new PageWindow(1);
        window.handOver("page-2");
        try {
            Thread.currentThread().interrupt();
            assertFalse(window.awaitRoom(() -> false), "no room, and the walk was interrupted");
            assertTrue(Thread.interrupted(), "the interrupt is kept for the caller");

            Thread.currentThread().interrupt();
            assertFalse(window.awaitAll(() -> false), "a page in flight, and the walk was interrupted");
            assertTrue(Thread.interrupted(), "the interrupt is kept for the caller");
        } finally {
            Thread.interrupted();
        }
        assertEquals(1, window.inFlight());
    }

    private static void sleepUpToAMillisecond() {
        try {
            TimeUnit.MICROSECONDS.sleep(ThreadLocalRandom.current().nextInt(1000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
