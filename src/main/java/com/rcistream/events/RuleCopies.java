package com.rcistream.events;

import jakarta.inject.Named;
import jakarta.inject.Singleton;

import org.apache.camel.processor.aggregate.UseOriginalAggregationStrategy;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The rules' recipient list keeps the customer's own message: each rule works on a copy, and what it does to it (a key
 * of its own, another body) never reaches the steps after the fan-out. Camel's default would copy the last rule's
 * message back, so a rule keyed by email would key the customer's fingerprint by email. A bean of its own, rather than
 * {@code #class:} in the YAML, so that the native image registers it for reflection; a singleton, since Camel tells
 * this strategy by its class and a CDI client proxy would hide it.
 */
@Singleton
@Named("ruleCopies")
@RegisterForReflection
public class RuleCopies extends UseOriginalAggregationStrategy {}
