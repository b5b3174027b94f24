package com.rcistream.routes;

import java.io.IOException;
import java.util.List;

import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;

import com.rcistream.testing.RouteTestSupport;

/**
 * A rule that calls an HTTP service (src/test/resources/routes/rule-crm.yaml), with the service replaced by a mock
 * endpoint through AdviceWith: what the rule asks, what it publishes from the answer, and what a failed call does.
 */
class RuleWithHttpRouteTest extends RouteTestSupport {

    private static final String CRM_TOPIC = "rci.customers.crm";

    @Override
    protected List<String> routeFiles() {
        return List.of("file:routes/fan-out.yaml", "file:src/test/resources/routes/rule-crm.yaml");
    }

    @Override
    protected void advise() throws Exception {
        AdviceWith.adviceWith(context, "rule-crm", route -> route.mockEndpointsAndSkip("https:*"));
    }

    private MockEndpoint crm() {
        return getMockEndpoint("mock:https:crm.example.test/tiers");
    }

    @Test
    void theServiceIsAskedAboutEachCustomerAndItsAnswerPublishedUnderTheCustomersKey() throws Exception {
        crm().expectedHeaderValuesReceivedInAnyOrder("CamelHttpQuery", "id=h-1", "id=h-2");
        crm().whenAnyExchangeReceived(exchange -> exchange.getMessage().setBody("{\"tier\":\"gold\"}"));
        topic(CRM_TOPIC).expectedBodiesReceived("{\"tier\":\"gold\"}", "{\"tier\":\"gold\"}");
        topic(CRM_TOPIC).expectedHeaderValuesReceivedInAnyOrder(KafkaConstants.KEY, "h-1", "h-2");

        fanOut(customer("h-1", "{\"grade\":\"A\"}"), customer("h-2", "{\"grade\":\"D\"}"));

        MockEndpoint.assertIsSatisfied(context);
    }

    @Test
    void aRedactedCustomerIsNotAskedAboutAndIsErasedFromTheRulesTopic() throws Exception {
        crm().expectedMessageCount(0);
        topic(CRM_TOPIC).expectedMessageCount(1);
        topic(CRM_TOPIC).message(0).body().isNull();

        fanOut(customer("h-9", "{\"email\":\"h9@example.com\",\"redacted_at\":\"2026-12-01T00:00:00Z\"}"));

        MockEndpoint.assertIsSatisfied(context);
    }

    @Test
    void aFailedCallDeadLettersThatCustomerForTheRuleAndTheBundlesTopicsStillHaveIt() throws Exception {
        crm().whenAnyExchangeReceived(exchange -> {
            throw new IOException("connection refused");
        });
        topic(CRM_TOPIC).expectedMessageCount(0);
        bundleTopic("customers").expectedBodiesReceived("{\"id\":\"h-3\",\"grade\":\"A\"}");
        bundleTopic("dead-letter").expectedMessageCount(1);
        bundleTopic("dead-letter").expectedHeaderReceived("rci_stage", "rule");
        bundleTopic("dead-letter").expectedHeaderReceived(KafkaConstants.KEY, "h-3");

        fanOut(customer("h-3", "{\"grade\":\"A\"}"));

        MockEndpoint.assertIsSatisfied(context);
    }
}
