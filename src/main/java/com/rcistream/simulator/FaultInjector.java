package com.rcistream.simulator;

import java.time.Duration;
import java.util.Random;

/**
 * Decides which injected faults hit each request that passed the token check and the rate limiter. Draws come from
 * a Random seeded from the data seed, four per request whatever the settings, so a run repeats exactly.
 */
final class FaultInjector {

    private static final long SALT_FAULTS = 0xFA017L;

    private final Random random;
    private long requestsSeen;
    private int burstRemaining;

    FaultInjector(long seed) {
        this.random = new Random(SeedMix.of(seed, SALT_FAULTS));
    }

    /** The faults for the next request, under the given settings. */
    FaultDecision next(SimulatorFaults faults) {
        double errorDraw = random.nextDouble();
        boolean error503 = random.nextBoolean();
        double slowDraw = random.nextDouble();
        double malformedDraw = random.nextDouble();
        requestsSeen++;

        boolean burst = false;
        if (burstRemaining > 0) {
            burstRemaining--;
            burst = true;
        } else if (faults.burst429Every() > 0 && requestsSeen % faults.burst429Every() == 0) {
            burstRemaining = faults.burst429Length() - 1;
            burst = true;
        }
        int serverError = !burst && errorDraw < faults.errorRate() ? (error503 ? 503 : 500) : 0;
        Duration delay = slowDraw < faults.slowRate() ? faults.slowDelay() : Duration.ZERO;
        return new FaultDecision(burst, serverError, malformedDraw < faults.malformedRate(), delay);
    }
}
