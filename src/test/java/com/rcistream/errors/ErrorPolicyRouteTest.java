package com.rcistream.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.support.DefaultExchange;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.rcistream.exchange.CustomerOutcome;
import com.rcistream.exchange.ExchangeProperties;
import com.rcistream.exchange.RouteConfigurations;
import com.rcistream.exchange.Stage;
import com.rcistream.exchange.SweepProgress;
import com.rcistream.testing.RouteTestSupport;

/**
 * The failure policy as route configurations (ErrorPolicy): everything that fails is dead-lettered once; only the
 * routes that call the API retry, and only what is transient; a bad record leaves its sweep going, anything else
 * stops it; a rule that fails fails its customer alone, unless Kafka failed to take a record for one of the bundle's
 * own topics; a record Kafka refuses for good fails its customer alone. The example rule
 * (examples/routes/rule-vip.yaml) is the rule that fails here.
 */
class ErrorPolicyRouteTest extends RouteTestSupport {

    private static final String FAILURE = "test.failure";
    private static final String TRIES = "test.tries";

    @Override
    protected List<String> routeFiles() {
        return List.of("file:examples/routes/rule-vip.yaml");
    }

    @Override
    protected List<RoutesBuilder> testRoutes() {
        return List.of(new RouteBuilder() {
            @Override
            public void configure() {
                // a route every customer passes, and one that calls the API: the same failing step under each policy
                from("direct:publish")
                        .routeId("publish-on-purpose")
                        .routeConfigurationId(RouteConfigurations.PUBLISHING)
                        .process(ErrorPolicyRouteTest::tryAndFail);
                from("direct:fetch")
                        .routeId("fetch-on-purpose")
                        .routeConfigurationId(RouteConfigurations.API_ERROR_POLICY)
                        .process(ErrorPolicyRouteTest::tryAndFail);
                // a rule that copies customers to one of the bundle's own topics
                from("direct:rule-copy")
                        .routeId("rule-copy")
                        .routeConfigurationId(RouteConfigurations.PUBLISHING)
                        .to("kafka:{{rci.topic.customers}}");
            }
        });
    }

    private static void tryAndFail(Exchange exchange) throws Exception {
        exchange.setProperty(TRIES, exchange.getProperty(TRIES, 0, Integer.class) + 1);
        throw exchange.getProperty(FAILURE, Exception.class);
    }

    @Test
    void whereEveryCustomerPassesAFailureIsDeadLetteredAtOnceWithoutARetry() throws Exception {
        List<Exception> failures = List.of(
                new ServerErrorException(503, "u", "", null),
                new IOException("reset"),
                new InvalidPageException("truncated", "{"),
                new IllegalStateException("Kafka refused the record"));
        bundleTopic("dead-letter").expectedMessageCount(failures.size());

        for (Exception failure : failures) {
            assertEquals(1, tries("direct:publish", failure, new SweepProgress(1)), failure.toString());
        }

        bundleTopic("dead-letter").assertIsSatisfied();
    }

    @Test
    void theApiRoutesRetryOnlyWhatIsTransientThenDeadLetterIt() throws Exception {
        // rci.api.max-retries is 2 in RouteTestSupport's configuration: three tries in all
        Map<Exception, Integer> expected = Map.of(
                new ServerErrorException(502, "u", "", null),
                3,
                new IOException("read timed out"),
                3,
                new InvalidPageException("truncated", "{"),
                3,
                new UnauthorizedException("u", ""),
                1,
                PaginationLoopException.repeated("u"),
                1,
                new ApiResponseException(422, "u", "", null),
                1);
        bundleTopic("dead-letter").expectedMessageCount(expected.size());

        expected.forEach((failure, tries) ->
                assertEquals(tries, tries("direct:fetch", failure, new SweepProgress(1)), failure.toString()));

        bundleTopic("dead-letter").assertIsSatisfied();
    }

    @Test
    void aBadRecordLeavesItsSweepGoingAnythingElseStopsIt() {
        SweepProgress badRecord = new SweepProgress(1);
        tries("direct:publish", new BadRecordException("no id", null, "{}"), badRecord);
        assertFalse(badRecord.failed(), badRecord.summary());

        SweepProgress other = new SweepProgress(1);
        tries("direct:publish", new IllegalStateException("Kafka refused the record"), other);
        assertTrue(other.failed());
        assertEquals(Stage.FAN_OUT, other.failureStage());
        assertEquals("Kafka refused the record", other.failure());
    }

    @Test
    void aRuleThatFailsFailsItsCustomerAloneAndTheDeadLetterNamesBoth() throws Exception {
        topic("rci.customers.vip").whenAnyExchangeReceived(exchange -> {
            throw new IllegalStateException("Kafka refused the record");
        });
        MockEndpoint deadLetters = bundleTopic("dead-letter");
        deadLetters.expectedMessageCount(1);
        deadLetters.expectedHeaderReceived("rci_stage", "rule");
        SweepProgress sweep = new SweepProgress(1);
        Exchange customer = customer("v-1", "{\"grade\":\"A\"}");
        customer.setProperty(ExchangeProperties.PROGRESS, sweep);

        template.send("direct:rule-vip", customer);

        deadLetters.assertIsSatisfied();
        JsonNode envelope =
                mapper.readTree(deadLetters.getExchanges().get(0).getMessage().getBody(String.class));
        assertEquals("RuleFailedException", envelope.get("error").asText());
        assertEquals("v-1", envelope.get("record_id").asText());
        assertEquals(
                "rule rule-vip failed for customer v-1: Kafka refused the record",
                envelope.get("reason").asText());
        assertEquals("rule-vip", CustomerOutcome.of(customer).failedRule(), "its fingerprint is not remembered");
        assertFalse(sweep.failed(), "the sweep goes on: " + sweep.summary());
    }

    @Test
    void aRuleThatKafkaRefusesOneOfTheBundlesOwnTopicsStopsTheSweep() throws Exception {
        bundleTopic("customers").whenAnyExchangeReceived(exchange -> {
            throw new IllegalStateException("Kafka refused the record");
        });
        bundleTopic("dead-letter").expectedMessageCount(1);
        SweepProgress sweep = new SweepProgress(1);
        Exchange customer = customer("v-2", "{\"grade\":\"A\"}");
        customer.setProperty(ExchangeProperties.PROGRESS, sweep);

        template.send("direct:rule-copy", customer);

        bundleTopic("dead-letter").assertIsSatisfied();
        assertTrue(sweep.failed(), "a bundle topic Kafka refuses is not one customer's failure");
        assertNull(CustomerOutcome.of(customer).failedRule());
    }

    @Test
    void aRecordKafkaRefusesForGoodFailsItsCustomerAloneAndTheDeadLetterNamesTheTopic() throws Exception {
        bundleTopic("customers").whenAnyExchangeReceived(exchange -> {
            throw new RecordTooLargeException("The request included a message larger than the max message size");
        });
        MockEndpoint deadLetters = bundleTopic("dead-letter");
        deadLetters.expectedMessageCount(1);
        deadLetters.expectedHeaderReceived(KafkaConstants.KEY, "v-3");
        SweepProgress sweep = new SweepProgress(1);
        Exchange customer = customer("v-3", "{\"grade\":\"A\",\"email\":\"v3@example.com\"}");
        customer.setProperty(ExchangeProperties.PROGRESS, sweep);

        template.send("direct:rule-copy", customer);

        deadLetters.assertIsSatisfied();
        String value = deadLetters.getExchanges().get(0).getMessage().getBody(String.class);
        JsonNode envelope = mapper.readTree(value);
        assertEquals("RecordRefusedException", envelope.get("error").asText());
        assertEquals("v-3", envelope.get("record_id").asText());
        assertEquals("rci.customers", envelope.get("topic").asText());
        assertTrue(envelope.get("reason").asText().contains("RecordTooLargeException"), value);
        assertFalse(value.contains("v3@example.com"), "no personal data: " + value);
        assertTrue(CustomerOutcome.of(customer).failed(), "its fingerprint is not remembered");
        assertFalse(sweep.failed(), "the sweep goes on: " + sweep.summary());
    }

    /** How many times a step ran for one exchange that fails with the given failure each time. */
    private int tries(String endpoint, Exception failure, SweepProgress sweep) {
        Exchange exchange = new DefaultExchange(context);
        exchange.setProperty(FAILURE, failure);
        exchange.setProperty(ExchangeProperties.PROGRESS, sweep);
        Stage.FAN_OUT.enter(exchange);
        Exchange done = template.send(endpoint, exchange);
        assertNull(done.getException(), "handled by the error policy");
        return done.getProperty(TRIES, Integer.class);
    }
}
