package com.rcistream.routes;

import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rcistream.events.ChangeEventWriter;
import com.rcistream.exchange.ExchangeProperties;
import com.rcistream.state.Changes;
import com.rcistream.testing.RouteTestSupport;

/**
 * The example rule examples/routes/rule-at-risk.yaml behind the shipped fan-out: the customers whose segments entered
 * "At risk" in this sweep go to rci.customers.at-risk, and only them (not one already at risk, one that left it, one
 * whose grade alone changed, nor a baseline); a redacted one is only a tombstone there.
 */
class RuleAtRiskRouteTest extends RouteTestSupport {

    private static final String AT_RISK = "rci.customers.at-risk";
    private static final List<String> TRACKED = List.of("grade", "segments");

    @Override
    protected List<String> routeFiles() {
        return List.of("file:routes/fan-out.yaml", "file:examples/routes/rule-at-risk.yaml");
    }

    @Test
    void onlyTheCustomersThatEnteredAtRiskArePublishedToItsTopic() throws Exception {
        MockEndpoint atRisk = topic(AT_RISK);
        atRisk.expectedHeaderValuesReceivedInAnyOrder(KafkaConstants.KEY, "entered", "entered-with-another");
        atRisk.allMessages().body().isNotNull();
        bundleTopic("customers").expectedMessageCount(6);
        bundleTopic("dead-letter").expectedMessageCount(0);

        fanOut(
                changed(
                        "entered",
                        "{\"grade\":\"B\",\"segments\":[\"Loyal\"]}",
                        "{\"grade\":\"C\",\"segments\":[\"At risk\"]}"),
                changed("entered-with-another", "{\"segments\":[]}", "{\"segments\":[\"Lost\",\"At risk\"]}"),
                changed(
                        "still",
                        "{\"grade\":\"B\",\"segments\":[\"At risk\"]}",
                        "{\"grade\":\"C\",\"segments\":[\"At risk\"]}"),
                changed("left", "{\"segments\":[\"At risk\"]}", "{\"segments\":[\"Lost\"]}"),
                changed("elsewhere", "{\"segments\":[\"Loyal\"]}", "{\"segments\":[\"Loyal\",\"At risky\"]}"),
                changed("baseline", null, "{\"segments\":[\"At risk\"]}"));

        MockEndpoint.assertIsSatisfied(context);
    }

    @Test
    void aRedactedCustomerIsOnlyATombstoneOnTheAtRiskTopic() throws Exception {
        MockEndpoint atRisk = topic(AT_RISK);
        atRisk.expectedMessageCount(1);
        atRisk.allMessages().body().isNull();
        atRisk.allMessages().header(KafkaConstants.KEY).isEqualTo("r-1");
        bundleTopic("redactions").expectedMessageCount(1);
        bundleTopic("dead-letter").expectedMessageCount(0);

        fanOut(changed(
                "r-1", "{\"segments\":[]}", "{\"segments\":[\"At risk\"],\"redacted_at\":\"2026-12-01T00:00:00Z\"}"));

        bundleTopic("dead-letter").assertIsSatisfied();
        bundleTopic("redactions").assertIsSatisfied();
        MockEndpoint.assertIsSatisfied(context);
    }

    /** A customer as the bundle hands it over, with rciChanges as the real change detection and writer set it. */
    private Exchange changed(String id, String before, String now) throws Exception {
        Exchange exchange = customer(id, now);
        JsonNode served = exchange.getProperty(ExchangeProperties.VALUE, JsonNode.class);
        if (before != null && served != null) {
            ObjectNode changes = Changes.between(TRACKED, values(mapper.readTree(before)), values(served));
            if (!changes.isEmpty()) {
                exchange.setProperty(
                        ExchangeProperties.CHANGE_SET, mapper.createObjectNode().set("changes", changes));
            }
        }
        new ChangeEventWriter(mapper, config).prepare(exchange);
        return exchange;
    }

    private static JsonNode[] values(JsonNode customer) {
        return TRACKED.stream().map(name -> Changes.valueOf(customer, name)).toArray(JsonNode[]::new);
    }
}
