package com.rcistream.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;

import com.rcistream.exchange.Endpoints;
import com.rcistream.exchange.RouteConfigurations;
import com.rcistream.testing.RouteTestSupport;

/**
 * A rule gets a copy of the customer: whatever it does to its message (a key of its own, another body) stays in the
 * rule, and the customer's message goes on unchanged to the steps after the fan-out (the fingerprint, keyed by the
 * record's key: a rule keyed by email must not put emails on the fingerprints topic).
 */
class RuleCopyRouteTest extends RouteTestSupport {

    private static final String BY_EMAIL = "rci.customers.by-email";

    @Override
    protected List<String> routeFiles() {
        return List.of("file:routes/fan-out.yaml");
    }

    @Override
    protected List<RoutesBuilder> testRoutes() {
        return List.of(new RouteBuilder() {
            @Override
            public void configure() {
                // a rule that re-keys its own records by email and publishes something else; in a processor, which
                // the start's check of the rules cannot see (a setHeader step of kafka.KEY stops the start: RuleTopics)
                from("direct:rule-rekey")
                        .routeId("rule-rekey")
                        .routeConfigurationId(RouteConfigurations.PUBLISHING)
                        .process(exchange -> exchange.getMessage()
                                .setHeader(
                                        KafkaConstants.KEY,
                                        simple("${exchangeProperty.rciCustomer[email]}")
                                                .evaluate(exchange, String.class)))
                        .setBody(constant("{\"rekeyed\":true}"))
                        .to("kafka:" + BY_EMAIL);
            }
        });
    }

    @Test
    void theCustomerLeavesTheFanOutAsItCameWhateverARuleDidToItsCopy() throws Exception {
        topic(BY_EMAIL).expectedHeaderReceived(KafkaConstants.KEY, "ada@example.com");
        Exchange customer = customer("c-1", "{\"email\":\"ada@example.com\",\"grade\":\"A\"}");
        Object body = customer.getMessage().getBody();

        Exchange out = template.send(Endpoints.FAN_OUT, customer);

        MockEndpoint.assertIsSatisfied(context);
        assertEquals("c-1", out.getMessage().getHeader(KafkaConstants.KEY), "the key the fingerprint step reads");
        assertEquals(body, out.getMessage().getBody());
    }
}
