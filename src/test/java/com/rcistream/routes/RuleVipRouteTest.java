package com.rcistream.routes;

import java.util.List;

import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;

import com.rcistream.testing.RouteTestSupport;

/**
 * The example rule examples/routes/rule-vip.yaml, behind the shipped fan-out as in the bundle: customers graded A or B
 * are published to rci.customers.vip, every other customer is a tombstone there, and a redacted one is erased. The
 * test an integrator copies for a rule of their own (docs/rules.md, Testing a rule).
 */
class RuleVipRouteTest extends RouteTestSupport {

    private static final String VIP = "rci.customers.vip";

    @Override
    protected List<String> routeFiles() {
        return List.of("file:routes/fan-out.yaml", "file:examples/routes/rule-vip.yaml");
    }

    @Test
    void customersGradedAOrBArePublishedToTheVipTopic() throws Exception {
        MockEndpoint vip = topic(VIP);
        vip.expectedBodiesReceivedInAnyOrder("{\"id\":\"v-1\",\"grade\":\"A\"}", "{\"id\":\"v-2\",\"grade\":\"B\"}");
        vip.expectedHeaderValuesReceivedInAnyOrder(KafkaConstants.KEY, "v-1", "v-2");

        fanOut(customer("v-1", "{\"grade\":\"A\"}"), customer("v-2", "{\"grade\":\"B\"}"));

        vip.assertIsSatisfied();
    }

    @Test
    void everyOtherCustomerIsATombstoneOnTheVipTopicAndStaysWholeOnTheBundlesTopics() throws Exception {
        MockEndpoint vip = topic(VIP);
        // the grade is compared whole and as written: "AB" and "a" are not VIPs, nor is a customer without a grade
        vip.expectedHeaderValuesReceivedInAnyOrder(KafkaConstants.KEY, "n-c", "n-ab", "n-a", "n-none", "n-null");
        vip.allMessages().body().isNull();
        // the rule sets its own copy's body to null, never the customer the bundle publishes
        bundleTopic("customers")
                .expectedBodiesReceivedInAnyOrder(
                        "{\"id\":\"n-c\",\"grade\":\"C\"}",
                        "{\"id\":\"n-ab\",\"grade\":\"AB\"}",
                        "{\"id\":\"n-a\",\"grade\":\"a\"}",
                        "{\"id\":\"n-none\"}",
                        "{\"id\":\"n-null\",\"grade\":null}");

        fanOut(
                customer("n-c", "{\"grade\":\"C\"}"),
                customer("n-ab", "{\"grade\":\"AB\"}"),
                customer("n-a", "{\"grade\":\"a\"}"),
                customer("n-none", "{}"),
                customer("n-null", "{\"grade\":null}"));

        MockEndpoint.assertIsSatisfied(context);
    }

    @Test
    void redactedVipIsOnlyEverATombstoneOnTheVipTopic() throws Exception {
        MockEndpoint vip = topic(VIP);
        // once from the rule itself (it is given a null body), once from the bundle, which erases every topic a rule
        // names
        vip.expectedMessageCount(2);
        vip.allMessages().body().isNull();
        vip.allMessages().header(KafkaConstants.KEY).isEqualTo("r-1");
        bundleTopic("redactions").expectedBodiesReceived("{\"id\":\"r-1\",\"redacted_at\":\"2026-12-01T00:00:00Z\"}");

        fanOut(customer(
                "r-1", "{\"grade\":\"A\",\"email\":\"vip@example.com\",\"redacted_at\":\"2026-12-01T00:00:00Z\"}"));

        MockEndpoint.assertIsSatisfied(context);
    }

    @Test
    void theRuleAloneCanBeGivenACustomerWithoutTheFanOut() throws Exception {
        MockEndpoint vip = topic(VIP);
        vip.expectedBodiesReceived("{\"id\":\"s-1\",\"grade\":\"B\"}");
        bundleTopic("customers").expectedMessageCount(0);

        template.send("direct:rule-vip", customer("s-1", "{\"grade\":\"B\"}"));

        MockEndpoint.assertIsSatisfied(context);
    }
}
