package com.rcistream.simulator;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The simulator's counters and the settings in force, as the JSON object {@code GET /_sim/stats} answers. */
final class SimulatorStats {

    private SimulatorStats() {}

    static ObjectNode of(
            ServedRequests served, CustomerStore store, int pageSize, int generation, TokenRateLimits limits) {
        ObjectNode stats = JsonNodeFactory.instance.objectNode();
        stats.put("requestsServed", served.requestsServed());
        stats.put("tooManyRequestsSent", served.tooManyRequestsSent());
        stats.put("burst429Sent", served.burst429Sent());
        stats.put("overBudget", served.tooManyRequestsSent());
        stats.put("customers", store.size());
        stats.put("changedCustomers", store.changedCount());
        stats.put("pageSize", pageSize);
        stats.put("cursorGeneration", generation);
        ObjectNode limiter = stats.putObject("rateLimit");
        limiter.put("algorithm", limits.algorithm());
        limiter.put("requests", limits.requests());
        limiter.put("window", limits.window().toString());
        return stats;
    }
}
