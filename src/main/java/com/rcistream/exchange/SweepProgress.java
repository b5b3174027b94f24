package com.rcistream.exchange;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.apache.camel.Exchange;

/**
 * What one sweep has done so far, shared by every exchange of the sweep (the split's copies included): the API calls
 * count their requests and 429s, the page publisher its acknowledgements, the error policy the failure that ended the
 * walk. Its summary is logged when the sweep ends, however it ends.
 */
public final class SweepProgress {

    private final String sweepId = UUID.randomUUID().toString();
    private final Instant startedAt = Instant.now();
    private final AtomicLong pages = new AtomicLong();
    private final AtomicLong customers = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong rateLimited = new AtomicLong();
    private final AtomicLong unchanged = new AtomicLong();
    private final Map<String, LongAdder> publishedPerTopic = new ConcurrentHashMap<>();
    /** Every page URL the walk went to: at most rci.sweep.max-pages of them, so bounded. */
    private final Set<String> visited = new HashSet<>();

    private volatile String page;
    private volatile String failure;
    private volatile Throwable failureCause;
    private volatile Stage failureStage;
    private volatile boolean publishingFailed;
    private volatile Instant finishedAt;
    private final PageWindow pageWindow;

    private final String account;

    /** A sweep that publishes at most {@code pagesInFlight} pages at once while its walk goes on. */
    public SweepProgress(int pagesInFlight) {
        this(pagesInFlight, "");
    }

    /** A sweep of one account of rci.accounts.token-dir (the empty id: the one account of rci.api.token). */
    public SweepProgress(int pagesInFlight, String account) {
        this.pageWindow = new PageWindow(pagesInFlight);
        this.account = account;
    }

    /** The id of the account swept; empty for the one account of rci.api.token. */
    public String account() {
        return account;
    }

    /** The progress of the sweep the exchange belongs to, or null when it belongs to none (a refresh request). */
    public static SweepProgress of(Exchange exchange) {
        return exchange.getProperty(ExchangeProperties.PROGRESS, SweepProgress.class);
    }

    public String sweepId() {
        return sweepId;
    }

    public void requestSent() {
        requests.incrementAndGet();
    }

    public void rateLimited() {
        rateLimited.incrementAndGet();
    }

    /** A customer whose content has not changed since it was last published, so it is not published again. */
    public void unchanged() {
        unchanged.incrementAndGet();
    }

    public long rateLimitedCount() {
        return rateLimited.get();
    }

    public long unchangedCount() {
        return unchanged.get();
    }

    public void pageRead(int records) {
        pages.incrementAndGet();
        customers.addAndGet(records);
    }

    /**
     * The walk goes to this page; false (and the walk stays where it is) when it went there before in this sweep: the
     * pagination loops.
     */
    public synchronized boolean visit(String url) {
        if (!visited.add(url)) {
            return false;
        }
        page = url;
        return true;
    }

    /** The URL of the page the walk is at (the one that failed, when the sweep failed), or null before the first. */
    public String page() {
        return page;
    }

    public void published(String topic) {
        published(topic, 1);
    }

    /** Records Kafka acknowledged on a topic. */
    public void published(String topic, long records) {
        publishedPerTopic.computeIfAbsent(topic, t -> new LongAdder()).add(records);
    }

    /**
     * A failure that makes the rest of the walk impossible, with where it happened. The first one is what the sweep
     * reports; a publishing failure after it (a page in flight when the walk had already failed) still counts, so that
     * no page after it moves the checkpoint.
     */
    public synchronized void fail(Stage stage, Throwable cause) {
        if (!walkStage(stage)) {
            publishingFailed = true;
        }
        if (failure == null) {
            failureCause = cause;
            failureStage = stage;
            failure = cause == null
                    ? "unknown failure"
                    : cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        }
    }

    /** Whether a failure at this stage is the walk's own (an API answer, a refused next link), not publishing's. */
    private static boolean walkStage(Stage stage) {
        return stage == Stage.FETCH_PAGE || stage == Stage.READ_PAGE || stage == Stage.FOLLOW_NEXT_LINK;
    }

    public void finish() {
        finishedAt = Instant.now();
    }

    public boolean failed() {
        return failure != null;
    }

    /**
     * Whether publishing failed (Kafka refused or timed out, say), before or after any failure of the walk: the records
     * still in flight wait for the next sweep. A failure of the walk alone lets the pages already fetched finish.
     */
    public boolean publishingFailed() {
        return publishingFailed;
    }

    /** The pages handed over to be published and not settled yet, and the checkpoint they allow. */
    public PageWindow pageWindow() {
        return pageWindow;
    }

    public String failure() {
        return failure;
    }

    /** What ended the walk, or null. */
    public Throwable failureCause() {
        return failureCause;
    }

    /** Where the walk ended on a failure, or null. */
    public Stage failureStage() {
        return failureStage;
    }

    public long pages() {
        return pages.get();
    }

    public long customers() {
        return customers.get();
    }

    public long requests() {
        return requests.get();
    }

    /** Records acknowledged by Kafka, per topic, sorted by topic name. */
    public Map<String, Long> publishedPerTopic() {
        Map<String, Long> out = new TreeMap<>();
        publishedPerTopic.forEach((topic, count) -> out.put(topic, count.sum()));
        return out;
    }

    public Duration duration() {
        return Duration.between(startedAt, finishedAt == null ? Instant.now() : finishedAt);
    }

    /** One line for the log: what the sweep read, what landed in which topic, and how it ended. */
    public String summary() {
        StringBuilder topics = new StringBuilder();
        publishedPerTopic()
                .forEach((topic, count) -> topics.append(topics.length() == 0 ? "" : ", ")
                        .append(topic)
                        .append('=')
                        .append(count));
        return String.format(
                (account.isEmpty() ? "" : "account " + account + ": ")
                        + "sweep %s %s in %.1f s: %d pages, %d customers read (%d unchanged, not published again),"
                        + " %d API requests (%d answered 429); published {%s}",
                sweepId,
                failed() ? "STOPPED (" + failure + ")" : "finished",
                duration().toMillis() / 1000.0,
                pages(),
                customers(),
                unchangedCount(),
                requests(),
                rateLimitedCount(),
                topics);
    }

    @Override
    public String toString() {
        return summary();
    }
}
