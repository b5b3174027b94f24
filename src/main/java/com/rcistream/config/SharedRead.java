package com.rcistream.config;

/**
 * A read of shared state (a state topic, the topics' settings) that every caller asking at about the same time
 * shares: a caller waits for a read that began after it asked, so it sees everything written before it asked, and
 * the callers queued behind one read share the next. A hundred sweeps starting together cost two reads, not a
 * hundred Kafka clients at once. Written by hand: neither Camel nor the JDK has such a coalescing gate.
 */
public final class SharedRead {

    private final Runnable read;
    private boolean everRead;
    /** When the last read began (System.nanoTime()). */
    private long lastBegan;
    /** How the last read failed, handed to the callers that waited for it; null when it succeeded. */
    private RuntimeException lastFailure;

    public SharedRead(Runnable read) {
        this.read = read;
    }

    /** Returns once a read that began after this call has ended; throws what that read threw. */
    public void await() {
        long asked = System.nanoTime();
        synchronized (this) {
            if (everRead && lastBegan - asked >= 0) {
                if (lastFailure != null) {
                    throw lastFailure;
                }
                return;
            }
            long began = System.nanoTime();
            try {
                read.run();
                lastFailure = null;
            } catch (RuntimeException e) {
                lastFailure = e;
                throw e;
            } finally {
                everRead = true;
                lastBegan = began;
            }
        }
    }
}
