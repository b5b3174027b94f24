package com.rcistream.exchange;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * The pages of one sweep that the walk handed over to be published and that are not settled yet: at most
 * {@code size} at once, and no further page once their answers add up to {@code maxBytes}, so memory stays bounded
 * however fast the API answers and however large its pages, and the checkpoint they allow, which
 * only ever moves past a page once it and every page before it are published (acknowledged by Kafka), in page order.
 * It also takes the pages' turns to hand their records to Kafka, phase by phase in page order, so that a customer
 * served on two pages (cursor pagination over data that changes) keeps its records' order on every topic: the
 * idempotent producer keeps the order records are handed over in, per partition.
 * Written by hand because Camel's SEDA queue bounds the pages waiting, not the pages being published, and knows
 * nothing of their order.
 */
public final class PageWindow {

    private final int size;
    /** The answers' bytes of the pages in flight above which no page is added (one always may be). */
    private long maxBytes = Long.MAX_VALUE;
    /** The bytes in flight of every sweep, this one's included. */
    private InFlightBudget shared = InFlightBudget.UNLIMITED;
    /**
     * What the page the walk is fetching holds in the shared budget until it is weighed: the last page's weight, or a
     * page's share of the byte limit before the first, so that a thousand walks fetching at once are counted too.
     */
    private long reserved;
    /** The weight of the page weighed last, the guess for the next; -1 before the first. */
    private long lastWeight = -1;
    /** The answers' bytes of the pages in flight: the sum of {@link #weights}. */
    private long bytes;
    /** Each page in flight's answer in bytes, as far as it was weighed. */
    private final Map<Long, Long> weights = new HashMap<>();
    /** Sequence number of the next page handed over; pages are numbered 0, 1, 2... in walk order. */
    private long nextSeq;
    /** Pages handed over and not settled (published, failed or dropped). */
    private int inFlight;
    /** Every page before this one is published: the checkpoint stands after page {@code frontier - 1}. */
    private long frontier;
    /** The next link of each page handed over and not yet behind the frontier: the checkpoint past it. */
    private final Map<Long, String> nextLinks = new HashMap<>();
    /** Pages published ahead of the frontier, waiting for an earlier one. */
    private final Set<Long> publishedAhead = new HashSet<>();
    /** Per phase, the first page that has not handed that phase's records over yet (nor been settled). */
    private final long[] turn = new long[PageRecords.Phase.values().length];
    /** Pages that handed over or settled ahead of a phase's turn: how many phases each has passed. */
    private final Map<Long, Integer> passedAhead = new HashMap<>();

    public PageWindow(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("a window of at least one page");
        }
        this.size = size;
    }

    /** Bounds the pages in flight by their answers' bytes too (at least one page is let in flight, whatever its size). */
    public synchronized PageWindow limitBytes(long maxBytes) {
        this.maxBytes = maxBytes;
        return this;
    }

    /** Counts this window's bytes in flight in the budget every sweep shares too, and waits on it. */
    public synchronized PageWindow share(InFlightBudget budget) {
        this.shared = budget;
        return this;
    }

    /**
     * Waits until fewer than {@code size} pages are in flight and their answers weigh less than the byte limit (or
     * none is in flight), and the budget shared by every sweep is not spent, or {@code stop} says the walk ends
     * anyway. Returns false when interrupted.
     */
    public synchronized boolean awaitRoom(BooleanSupplier stop) {
        boolean waited = waitWhile(() -> !hasRoom() && !stop.getAsBoolean());
        if (waited && hasRoom()) {
            release();
            reserved = lastWeight >= 0 ? lastWeight : (maxBytes == Long.MAX_VALUE ? 0 : maxBytes / size);
            shared.add(reserved);
        }
        return waited || stop.getAsBoolean();
    }

    /** The walk fetches no page now: what it reserved in the shared budget is free again. */
    private void release() {
        shared.add(-reserved);
        reserved = 0;
    }

    /**
     * Whether another page may go in flight now: fewer than {@code size}, lighter than the byte limit, or none; and
     * the shared budget not spent.
     */
    public synchronized boolean hasRoom() {
        return (inFlight == 0 || (inFlight < size && bytes < maxBytes)) && shared.hasRoom();
    }

    /** The answer of a page handed over had this many bytes (a page already settled, or weighed again, adds nothing). */
    public synchronized void weigh(long seq, long answerBytes) {
        release();
        lastWeight = answerBytes;
        Long before = weights.get(seq);
        if (before != null) {
            weights.put(seq, answerBytes);
            bytes += answerBytes - before;
            shared.add(answerBytes - before);
        }
    }

    /**
     * A page goes out to be published; {@code nextLink} is where a sweep resumes once it is (null for the last page,
     * or one whose next link was refused). Returns its sequence number.
     */
    public synchronized long handOver(String nextLink) {
        long seq = nextSeq++;
        inFlight++;
        weights.put(seq, 0L);
        nextLinks.put(seq, nextLink);
        return seq;
    }

    /**
     * Every record of the page is acknowledged. Returns the checkpoint this allows: the next link of the last page of
     * the unbroken run of published pages from the start, when that run grew and the link exists; else null.
     */
    public synchronized String published(long seq) {
        if (seq < frontier || !nextLinks.containsKey(seq)) {
            return null;
        }
        publishedAhead.add(seq);
        String checkpoint = null;
        boolean moved = false;
        while (publishedAhead.remove(frontier)) {
            checkpoint = nextLinks.remove(frontier);
            frontier++;
            moved = true;
        }
        return moved ? checkpoint : null;
    }

    /**
     * Waits until every page before this one has handed over its records of the phase (or is settled), or
     * {@code giveUp} says to stop waiting. Returns whether it is the page's turn.
     */
    public synchronized boolean awaitTurn(long seq, PageRecords.Phase phase, BooleanSupplier giveUp) {
        return waitWhile(() -> turn[phase.ordinal()] < seq && !giveUp.getAsBoolean()) && turn[phase.ordinal()] >= seq;
    }

    /** The page has handed its records of the phase (and every phase before it) over to Kafka. */
    public synchronized void handedOver(long seq, PageRecords.Phase phase) {
        passed(seq, phase.ordinal() + 1);
    }

    /** The page is done with, published or not: its place in the window is free, and its turns are over. */
    public synchronized void settled(long seq) {
        inFlight--;
        Long weight = weights.remove(seq);
        bytes -= weight == null ? 0 : weight;
        shared.add(weight == null ? 0 : -weight);
        passed(seq, turn.length);
        notifyAll();
    }

    /** Records that the page has passed its first {@code phases} phases, and moves each phase's turn past it. */
    private void passed(long seq, int phases) {
        passedAhead.merge(seq, phases, Math::max);
        for (int phase = 0; phase < turn.length; phase++) {
            while (passedAhead.getOrDefault(turn[phase], 0) > phase) {
                turn[phase]++;
            }
        }
        long everyPhase = Arrays.stream(turn).min().orElse(0);
        passedAhead.keySet().removeIf(page -> page < everyPhase);
        notifyAll();
    }

    /** Pages handed over and not settled. */
    public synchronized int inFlight() {
        return inFlight;
    }

    /** The answers' bytes of the pages in flight, as weighed. */
    public synchronized long bytesInFlight() {
        return bytes;
    }

    /** Pages published so far without a gap from the first. */
    public synchronized long publishedInOrder() {
        return frontier;
    }

    /**
     * The walk has ended (what it reserved in the shared budget is free again): waits until every page handed over is
     * settled, or {@code giveUp} says it never will be. Returns whether they all are.
     */
    public synchronized boolean awaitAll(BooleanSupplier giveUp) {
        release();
        return waitWhile(() -> inFlight > 0 && !giveUp.getAsBoolean()) && inFlight == 0;
    }

    /** Waits (holding this window's monitor between checks) while the condition holds; false when interrupted. */
    private boolean waitWhile(BooleanSupplier condition) {
        while (condition.getAsBoolean()) {
            try {
                wait(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
