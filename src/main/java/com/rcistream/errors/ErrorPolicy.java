package com.rcistream.errors;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.model.OnExceptionDefinition;
import org.apache.camel.model.RouteConfigurationDefinition;

import com.rcistream.exchange.CustomerOutcome;
import com.rcistream.exchange.Endpoints;
import com.rcistream.exchange.ExchangeProperties;
import com.rcistream.exchange.RouteConfigurations;
import com.rcistream.exchange.Stage;
import com.rcistream.exchange.SweepProgress;

/**
 * The error policy of every route (opted in by id, YAML routes too), built from {@link FailurePolicy}: whatever
 * fails lands on the dead-letter topic with a reason, after the retries its rule allows where the API is called. A failure that is not one
 * record's or one customer's is noted on the sweep's progress, and the sweep decides what it means for the walk.
 */
@ApplicationScoped
public class ErrorPolicy extends RouteConfigurationBuilder {

    private final FailurePolicy policy;

    public ErrorPolicy(FailurePolicy policy) {
        this.policy = policy;
    }

    @Override
    public void configuration() {
        build(RouteConfigurations.API_ERROR_POLICY, true);
        build(RouteConfigurations.ERROR_POLICY, false);
    }

    /**
     * One configuration from the table. Retries belong to the routes that call the API, the only place a retried
     * failure comes from (a 5xx, a timeout, an unreadable page); everywhere else, in the routes every customer passes,
     * the same failures are dead-lettered at once: a route that may retry makes Camel copy each exchange on entry in
     * case it must, which was a large part of the CPU a customer cost.
     */
    private void build(String id, boolean retries) {
        RouteConfigurationDefinition configuration =
                routeConfiguration(id).errorHandler(deadLetterChannel(Endpoints.DEAD_LETTER));
        // One clause per type: a clause listing several types matched only some of them in Camel 4.17.
        for (FailurePolicy.Rule rule : policy.rules()) {
            OnExceptionDefinition clause = configuration.onException(rule.failure());
            if (retries && rule.treatment() == FailurePolicy.Treatment.RETRY_WITH_BACKOFF) {
                clause.maximumRedeliveries(rule.retries())
                        .redeliveryDelay(policy.backoff().toMillis())
                        .useExponentialBackOff()
                        .backOffMultiplier(2)
                        .maximumRedeliveryDelay(policy.backoffMax().toMillis())
                        .useCollisionAvoidance()
                        .retryAttemptedLogLevel(LoggingLevel.WARN)
                        .logRetryStackTrace(false);
            }
            clause.handled(true);
            if (rule.treatment() != FailurePolicy.Treatment.DEAD_LETTER_RECORD) {
                clause.process(this::noteTheFailure);
            }
            clause.to(Endpoints.DEAD_LETTER);
        }
    }

    /**
     * A custom rule that failed, or a record Kafka refused for good, fails its customer alone: the dead letter names
     * the rule (or the topic) and the customer, and the customer's fingerprint is not remembered. Anything else tells the sweep (when the exchange belongs to one) what
     * failed and where; the walk ends at its next turn.
     */
    private void noteTheFailure(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String route = exchange.getProperty(ExchangePropertyKey.FAILURE_ROUTE_ID, String.class);
        String endpoint = exchange.getProperty(ExchangePropertyKey.FAILURE_ENDPOINT, String.class);
        if (policy.treatment(route, endpoint, cause) == FailurePolicy.Treatment.DEAD_LETTER_CUSTOMER) {
            CustomerOutcome outcome = CustomerOutcome.of(exchange);
            Map<?, ?> customer = exchange.getProperty(ExchangeProperties.CUSTOMER, Map.class);
            String id = customer == null ? null : String.valueOf(customer.get("id"));
            if (policy.refusedForGood(cause)) {
                // a record sent at once (a refresh request's) that Kafka refused for good
                String topic = FailurePolicy.kafkaTopic(endpoint);
                if (outcome != null) {
                    outcome.recordRefused(topic);
                }
                exchange.setProperty(Exchange.EXCEPTION_CAUGHT, new RecordRefusedException(id, topic, cause));
                return;
            }
            if (outcome != null) {
                outcome.ruleFailed(route);
            }
            Stage.RULE.enter(exchange);
            exchange.setProperty(Exchange.EXCEPTION_CAUGHT, new RuleFailedException(route, id, cause));
            return;
        }
        SweepProgress progress = SweepProgress.of(exchange);
        if (progress != null) {
            progress.fail(Stage.of(exchange), cause);
        }
    }
}
