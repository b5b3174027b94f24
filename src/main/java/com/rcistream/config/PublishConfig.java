package com.rcistream.config;

import java.util.Optional;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.WithDefault;

/** How the pages of a sweep are published: how many at once, how much of the heap they may hold. */
public interface PublishConfig {
    /** Customers of a page routed at once: 1, on the page's own thread; more, a pool shared by the pages in flight. */
    @WithDefault("1")
    @Min(1)
    int concurrency();

    /** Pages published while the walk fetches the next ones; a crash repeats at most these pages. */
    @WithDefault("4")
    @Min(1)
    int pagesInFlight();

    /** The walk waits while the answers of pages in flight add up to this (one always goes); absent: heap/64. */
    Optional<MemorySize> maxBytesInFlight();

    /** The same for the pages in flight of every account's sweep together, however many; absent: heap/16. */
    Optional<MemorySize> maxBytesInFlightTotal();

    /** {@link #maxBytesInFlight} in bytes, a 64th of the heap when absent. */
    default long maxBytesInFlightOrHeap() {
        return maxBytesInFlight()
                .map(MemorySize::asLongValue)
                .orElse(Runtime.getRuntime().maxMemory() / 64);
    }

    /** {@link #maxBytesInFlightTotal} in bytes, a 16th of the heap when absent. */
    default long maxBytesInFlightTotalOrHeap() {
        return maxBytesInFlightTotal()
                .map(MemorySize::asLongValue)
                .orElse(Runtime.getRuntime().maxMemory() / 16);
    }

    /**
     * The values of the customer topics, the rules' and the redaction events: json, the customer as the API served it;
     * connect-json, the same in Kafka Connect's envelope ({"schema":..., "payload":...}) for sinks that need a schema
     * (docs/sinks.md); json-schema, the plain value after the Confluent wire format's magic byte and the id of its JSON
     * Schema in rci.schemas.registry-url; avro, the same wire format around the value in Avro's binary encoding, its
     * record schema in that registry. Keys, tombstones and dead letters are the same in all.
     */
    @WithDefault("json")
    @Pattern(regexp = "json|connect-json|json-schema|avro", message = "must be json, connect-json, json-schema or avro")
    String valueFormat();

    /** Whether the values' schemas live in rci.schemas.registry-url (json-schema, avro). */
    default boolean registered() {
        return "json-schema".equals(valueFormat()) || "avro".equals(valueFormat());
    }
}
