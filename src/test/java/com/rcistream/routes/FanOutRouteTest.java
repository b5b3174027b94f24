package com.rcistream.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;

import com.rcistream.events.EventHeaders;
import com.rcistream.testing.RouteTestSupport;

/**
 * routes/fan-out.yaml with Camel's test kit: which topic receives what for a customer who consents, one who does not
 * and one who is redacted, Kafka replaced by mock endpoints. A stand-in rule (rule-echo) forwards what it is given
 * to its own topic, so that what the fan-out hands the rules is seen too.
 */
class FanOutRouteTest extends RouteTestSupport {

    private static final String ECHO = "rci.customers.echo";

    @Override
    protected List<String> routeFiles() {
        return List.of("file:routes/fan-out.yaml");
    }

    @Override
    protected List<RoutesBuilder> testRoutes() {
        return List.of(echoRule(ECHO));
    }

    @Test
    void consentingCustomerReachesTheCustomersEmailAndSmsTopicsKeyedByItsId() throws Exception {
        String value = "{\"id\":\"c-1\",\"email\":\"ada@example.com\",\"email_marketing_consent\":true,"
                + "\"sms_marketing_consent\":true,\"grade\":\"C\"}";
        for (MockEndpoint topic : List.of(
                bundleTopic("customers"), bundleTopic("email-marketing"), bundleTopic("sms-marketing"), topic(ECHO))) {
            topic.expectedBodiesReceived(value);
            topic.expectedHeaderReceived(KafkaConstants.KEY, "c-1");
            topic.expectedHeaderReceived(EventHeaders.TYPE, EventHeaders.TYPE_UPSERTED);
        }
        bundleTopic("redactions").expectedMessageCount(0);

        fanOut(customer(
                "c-1",
                "{\"email\":\"ada@example.com\",\"email_marketing_consent\":true,"
                        + "\"sms_marketing_consent\":true,\"grade\":\"C\"}"));

        MockEndpoint.assertIsSatisfied(context);
    }

    @Test
    void customerWithoutConsentGetsATombstoneOnEachConsentTopicAndTheRulesStillGetTheCustomer() throws Exception {
        // consent is the JSON boolean true and nothing else: not the string "true"
        String attributes = "{\"email_marketing_consent\":false,\"sms_marketing_consent\":\"true\",\"grade\":\"C\"}";
        String value = "{\"id\":\"c-2\"," + attributes.substring(1);
        bundleTopic("customers").expectedBodiesReceived(value);
        for (MockEndpoint consentTopic : List.of(bundleTopic("email-marketing"), bundleTopic("sms-marketing"))) {
            consentTopic.expectedMessageCount(1);
            consentTopic.message(0).body().isNull();
            consentTopic.expectedHeaderReceived(KafkaConstants.KEY, "c-2");
        }
        // the tombstones set the customer aside and put it back: the step after them has it whole
        topic(ECHO).expectedBodiesReceived(value);
        bundleTopic("redactions").expectedMessageCount(0);

        fanOut(customer("c-2", attributes));

        MockEndpoint.assertIsSatisfied(context);
    }

    @Test
    void consentToOneChannelOnlyPublishesToThatChannelAndTombstonesTheOther() throws Exception {
        String attributes = "{\"email_marketing_consent\":null,\"sms_marketing_consent\":true}";
        bundleTopic("email-marketing").expectedMessageCount(1);
        bundleTopic("email-marketing").message(0).body().isNull();
        bundleTopic("sms-marketing").expectedBodiesReceived("{\"id\":\"c-3\"," + attributes.substring(1));

        fanOut(customer("c-3", attributes));

        MockEndpoint.assertIsSatisfied(context);
    }

    @Test
    void redactedCustomerBecomesATombstoneEverywhereAndOneRedactionEventWithNothingPersonal() throws Exception {
        String attributes =
                "{\"email\":\"ada@example.com\",\"last_name\":\"Lovelace\",\"email_marketing_consent\":true,"
                        + "\"redacted_at\":\"2026-11-30T08:00:00Z\"}";
        for (String key : List.of("customers", "email-marketing", "sms-marketing")) {
            bundleTopic(key).expectedMessageCount(1);
            bundleTopic(key).message(0).body().isNull();
            bundleTopic(key).expectedHeaderReceived(KafkaConstants.KEY, "c-9");
        }
        // the rule forwards the null body it is given, then the bundle tombstones the topic its route names
        topic(ECHO).expectedMessageCount(2);
        topic(ECHO).allMessages().body().isNull();
        bundleTopic("redactions").expectedBodiesReceived("{\"id\":\"c-9\",\"redacted_at\":\"2026-11-30T08:00:00Z\"}");
        bundleTopic("redactions").expectedHeaderReceived(EventHeaders.TYPE, EventHeaders.TYPE_REDACTED);

        fanOut(customer("c-9", attributes));

        MockEndpoint.assertIsSatisfied(context);
        for (Exchange sent : context.getEndpoints().stream()
                .filter(MockEndpoint.class::isInstance)
                .flatMap(mock -> ((MockEndpoint) mock).getExchanges().stream())
                .toList()) {
            String body = sent.getMessage().getBody(String.class);
            assertFalse(body != null && (body.contains("ada@") || body.contains("Lovelace")), "personal data: " + body);
        }
    }

    @Test
    void aPageOfCustomersRoutedAtOnceLandsOnceEachOnTheCustomersTopic() throws Exception {
        int customers = 25;
        bundleTopic("customers").expectedMessageCount(customers);
        bundleTopic("customers").expectsNoDuplicates(org.apache.camel.builder.Builder.header(KafkaConstants.KEY));
        bundleTopic("email-marketing").expectedMessageCount(customers);
        bundleTopic("sms-marketing").expectedMessageCount(customers);

        Exchange[] page = new Exchange[customers];
        for (int i = 0; i < customers; i++) {
            page[i] = customer("p-" + i, "{\"email_marketing_consent\":" + (i % 2 == 0) + "}");
        }
        fanOut(page);

        MockEndpoint.assertIsSatisfied(context);
        long consenting = bundleTopic("email-marketing").getExchanges().stream()
                .filter(e -> e.getMessage().getBody() != null)
                .count();
        assertEquals(13, consenting, "the 13 even customers consent to email");
    }
}
