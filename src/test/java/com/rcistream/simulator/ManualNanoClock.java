package com.rcistream.simulator;

import java.time.Duration;
import java.util.function.LongSupplier;

/** A nanosecond clock that only moves when a test moves it. */
final class ManualNanoClock implements LongSupplier {

    private long nanos = 1_000_000_000_000L;

    @Override
    public long getAsLong() {
        return nanos;
    }

    void advance(Duration by) {
        nanos += by.toNanos();
    }
}
