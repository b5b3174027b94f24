package com.rcistream.simulator;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The fault injection in force, changeable at runtime: the same fields as {@link SimulatorConfig.Faults}, initialised
 * from it and restored by {@link Simulator#reset()}. Setters validate and return this, so they chain.
 */
public final class SimulatorFaults {

    /** The pause between two bytes of a dripping answer: shorter than any read timeout, so only a deadline ends it. */
    public static final long DRIP_EVERY_MILLIS = 500;

    private volatile double errorRate;
    private volatile double slowRate;
    private volatile Duration slowDelay;
    private volatile double malformedRate;
    private volatile int burst429Every;
    private volatile int burst429Length;
    private volatile Duration burst429RetryAfter;
    private volatile String retryAfterFormat;
    private volatile int foreignNextPage;
    private volatile String foreignNextUrl;
    private volatile int badRecordsPage;
    private volatile int notJsonApiPage;
    private volatile int failingPage;
    private volatile int selfLinkPage;
    private volatile int oversizedPage;
    private volatile int gzipBombPage;
    private volatile long oversizedBytes;
    private volatile int dripPage;
    private volatile RedactedAgain redactedAgain;

    /** Faults as configured. */
    SimulatorFaults(SimulatorConfig.Faults config) {
        copyFrom(config);
    }

    /** Back to the configured faults. */
    synchronized void copyFrom(SimulatorConfig.Faults config) {
        setErrorRate(config.errorRate());
        setSlowRate(config.slowRate());
        setSlowDelay(config.slowDelay());
        setMalformedRate(config.malformedRate());
        setBurst429Every(config.burst429Every());
        setBurst429Length(config.burst429Length());
        setBurst429RetryAfter(config.burst429RetryAfter());
        setRetryAfterFormat(config.retryAfterFormat());
        setForeignNextPage(config.foreignNextPage());
        setForeignNextUrl(config.foreignNextUrl().orElse(null));
        setBadRecordsPage(config.badRecordsPage());
        setNotJsonApiPage(config.notJsonApiPage());
        setFailingPage(config.failingPage());
        setSelfLinkPage(config.selfLinkPage());
        setOversizedPage(config.oversizedPage());
        setGzipBombPage(config.gzipBombPage());
        setOversizedBytes(config.oversizedBytes());
        setDripPage(config.dripPage());
        redactedAgain = null;
    }

    /** Every fault off. */
    public synchronized SimulatorFaults clear() {
        errorRate = 0;
        slowRate = 0;
        malformedRate = 0;
        burst429Every = 0;
        foreignNextPage = -1;
        badRecordsPage = -1;
        notJsonApiPage = -1;
        failingPage = -1;
        selfLinkPage = -1;
        oversizedPage = -1;
        gzipBombPage = -1;
        dripPage = -1;
        redactedAgain = null;
        return this;
    }

    /** Share of requests answered 500 or 503. */
    public double errorRate() {
        return errorRate;
    }

    public SimulatorFaults setErrorRate(double errorRate) {
        this.errorRate = share("errorRate", errorRate);
        return this;
    }

    /** Share of requests answered only after {@link #slowDelay()}. */
    public double slowRate() {
        return slowRate;
    }

    public SimulatorFaults setSlowRate(double slowRate) {
        this.slowRate = share("slowRate", slowRate);
        return this;
    }

    public Duration slowDelay() {
        return slowDelay;
    }

    public SimulatorFaults setSlowDelay(Duration slowDelay) {
        if (slowDelay == null || slowDelay.isNegative()) {
            throw new IllegalArgumentException("slowDelay must be zero or positive, was " + slowDelay);
        }
        this.slowDelay = slowDelay;
        return this;
    }

    /** Share of list pages answered 200 with a truncated, unparsable body. */
    public double malformedRate() {
        return malformedRate;
    }

    public SimulatorFaults setMalformedRate(double malformedRate) {
        this.malformedRate = share("malformedRate", malformedRate);
        return this;
    }

    /** Every this many requests a burst of 429s starts; 0 is off. */
    public int burst429Every() {
        return burst429Every;
    }

    public SimulatorFaults setBurst429Every(int burst429Every) {
        if (burst429Every < 0) {
            throw new IllegalArgumentException("burst429Every must be 0 (off) or positive, was " + burst429Every);
        }
        this.burst429Every = burst429Every;
        return this;
    }

    /** Length of a 429 burst. */
    public int burst429Length() {
        return burst429Length;
    }

    public SimulatorFaults setBurst429Length(int burst429Length) {
        if (burst429Length < 1) {
            throw new IllegalArgumentException("burst429Length must be at least 1, was " + burst429Length);
        }
        this.burst429Length = burst429Length;
        return this;
    }

    /** Retry-After sent with a 429 burst. */
    public Duration burst429RetryAfter() {
        return burst429RetryAfter;
    }

    public SimulatorFaults setBurst429RetryAfter(Duration burst429RetryAfter) {
        if (burst429RetryAfter == null || burst429RetryAfter.isNegative()) {
            throw new IllegalArgumentException(
                    "burst429RetryAfter must be zero or positive, was " + burst429RetryAfter);
        }
        this.burst429RetryAfter = burst429RetryAfter;
        return this;
    }

    /** How Retry-After is written on a 429 burst: seconds, date or none. */
    public String retryAfterFormat() {
        return retryAfterFormat;
    }

    public SimulatorFaults setRetryAfterFormat(String retryAfterFormat) {
        String format = retryAfterFormat == null ? "" : retryAfterFormat.toLowerCase(Locale.ROOT);
        if (!format.equals("seconds") && !format.equals("date") && !format.equals("none")) {
            throw new IllegalArgumentException(
                    "retryAfterFormat must be seconds, date or none, was '" + retryAfterFormat + "'");
        }
        this.retryAfterFormat = format;
        return this;
    }

    /** Page index (0-based) whose next link points at {@link #foreignNextUrl()}; -1 is off. */
    public int foreignNextPage() {
        return foreignNextPage;
    }

    public SimulatorFaults setForeignNextPage(int foreignNextPage) {
        this.foreignNextPage = foreignNextPage;
        return this;
    }

    /** The foreign next link; when absent, a link to another host is made up. */
    public Optional<String> foreignNextUrl() {
        return Optional.ofNullable(foreignNextUrl);
    }

    public SimulatorFaults setForeignNextUrl(String foreignNextUrl) {
        this.foreignNextUrl = foreignNextUrl == null || foreignNextUrl.isBlank() ? null : foreignNextUrl;
        return this;
    }

    /** Page index (0-based) on which two records are broken; -1 is off. */
    public int badRecordsPage() {
        return badRecordsPage;
    }

    public SimulatorFaults setBadRecordsPage(int badRecordsPage) {
        this.badRecordsPage = badRecordsPage;
        return this;
    }

    /** Page index (0-based) answered 200 with JSON that is not a JSON:API document; -1 is off. */
    public int notJsonApiPage() {
        return notJsonApiPage;
    }

    public SimulatorFaults setNotJsonApiPage(int notJsonApiPage) {
        this.notJsonApiPage = notJsonApiPage;
        return this;
    }

    /** Page index (0-based) answered 500 on every request, for good; -1 is off. */
    public int failingPage() {
        return failingPage;
    }

    public SimulatorFaults setFailingPage(int failingPage) {
        this.failingPage = failingPage;
        return this;
    }

    /** Page index (0-based) whose next link points to the page itself; -1 is off. */
    public int selfLinkPage() {
        return selfLinkPage;
    }

    public SimulatorFaults setSelfLinkPage(int selfLinkPage) {
        this.selfLinkPage = selfLinkPage;
        return this;
    }

    /** Page index (0-based) answered with a valid document padded with whitespace to {@link #oversizedBytes()}; -1 is off. */
    public int oversizedPage() {
        return oversizedPage;
    }

    public SimulatorFaults setOversizedPage(int oversizedPage) {
        this.oversizedPage = oversizedPage;
        return this;
    }

    /** Page index (0-based) answered with a gzip body that inflates to {@link #oversizedBytes()}; -1 is off. */
    public int gzipBombPage() {
        return gzipBombPage;
    }

    public SimulatorFaults setGzipBombPage(int gzipBombPage) {
        this.gzipBombPage = gzipBombPage;
        return this;
    }

    /** Size of the oversized page, or of the gzip bomb once inflated. */
    public long oversizedBytes() {
        return oversizedBytes;
    }

    public SimulatorFaults setOversizedBytes(long oversizedBytes) {
        if (oversizedBytes < 1) {
            throw new IllegalArgumentException("oversizedBytes must be positive, was " + oversizedBytes);
        }
        this.oversizedBytes = oversizedBytes;
        return this;
    }

    /** Page index (0-based) whose answer is sent one byte every {@value #DRIP_EVERY_MILLIS} ms; -1 is off. */
    public int dripPage() {
        return dripPage;
    }

    public SimulatorFaults setDripPage(int dripPage) {
        this.dripPage = dripPage;
        return this;
    }

    /** A customer redacted and served once more on a later page (changing data); null is off; runtime only. */
    public RedactedAgain redactedAgain() {
        return redactedAgain;
    }

    public SimulatorFaults setRedactedAgain(int page, String customerId) {
        this.redactedAgain = customerId == null ? null : new RedactedAgain(page, customerId);
        return this;
    }

    private static double share(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be between 0 and 1, was " + value);
        }
        return value;
    }
}
