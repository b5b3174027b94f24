package com.rcistream.simulator;

import java.time.Duration;

/**
 * The faults drawn for one request: a 429 from a burst, a server error status (0 for none), a truncated list body,
 * and a delay before answering (zero for none).
 */
record FaultDecision(boolean burst429, int serverErrorStatus, boolean malformedBody, Duration delay) {}
