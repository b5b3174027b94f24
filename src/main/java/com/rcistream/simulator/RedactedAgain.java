package com.rcistream.simulator;

/** A customer the simulator redacts and serves once more on a later page (index, 0-based), as changing data is. */
public record RedactedAgain(int page, String customerId) {}
