package com.rcistream.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;

import com.rcistream.testing.RouteTestSupport;

/**
 * A redacted customer is erased wherever a rule publishes: on the endpoint the rule names, its options (another
 * cluster, its security) kept, and on the topics of a helper route the rule calls. Both test rules forward no
 * redacted customer themselves, so each tombstone seen here is the bundle's.
 */
class RuleErasureRouteTest extends RouteTestSupport {

    private static final String REMOTE = "kafka:rci.customers.remote?brokers=crm-a.example.test:9092,"
            + "crm-b.example.test:9092&securityProtocol=SASL_SSL";

    @Override
    protected List<String> routeFiles() {
        return List.of(
                "file:routes/fan-out.yaml",
                "file:src/test/resources/routes/rule-remote.yaml",
                "file:src/test/resources/routes/rule-helped.yaml");
    }

    @Test
    void aRedactedCustomerIsTombstonedOnTheEndpointTheRuleNamesOptionsKept() throws Exception {
        MockEndpoint remote = redacted("rci.customers.remote", "r-1");

        // the mock stands in for the endpoint the tombstone was sent to: the one the rule names, not its topic alone
        String sentTo = remote.getReceivedExchanges()
                .get(0)
                .getProperty(ExchangePropertyKey.INTERCEPTED_ENDPOINT, String.class);
        assertEquals(context.getEndpoint(REMOTE).getEndpointUri(), sentTo);
    }

    @Test
    void aRedactedCustomerIsTombstonedOnTheTopicOfTheHelperARuleCalls() throws Exception {
        redacted("rci.customers.helped", "r-2");
    }

    @Test
    void aCustomerNotRedactedReachesBothRulesTopicsOnce() throws Exception {
        topic("rci.customers.remote").expectedHeaderReceived(KafkaConstants.KEY, "c-1");
        topic("rci.customers.helped").expectedHeaderReceived(KafkaConstants.KEY, "c-1");

        fanOut(customer("c-1", "{\"grade\":\"A\"}"));

        MockEndpoint.assertIsSatisfied(context);
    }

    /** Fans a redacted customer out and asserts that this topic got one tombstone, keyed by the customer. */
    private MockEndpoint redacted(String topicName, String id) throws Exception {
        MockEndpoint topic = topic(topicName);
        topic.expectedMessageCount(1);
        topic.message(0).body().isNull();
        topic.expectedHeaderReceived(KafkaConstants.KEY, id);

        fanOut(customer(id, "{\"grade\":\"A\",\"redacted_at\":\"2026-12-01T00:00:00Z\"}"));

        MockEndpoint.assertIsSatisfied(context);
        return topic;
    }
}
