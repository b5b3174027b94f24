package com.rcistream.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.apache.camel.RoutesBuilder;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.rcistream.errors.BadRecordException;
import com.rcistream.testing.RouteTestSupport;

/**
 * routes/fan-out.yaml with rci.publish.value-format=connect-json: every customer topic and a rule that forwards the
 * customer get Kafka Connect's envelope, the payload the plain value; tombstones stay null; the redaction event has
 * its own schema.
 */
class ConnectJsonRouteTest extends RouteTestSupport {

    private static final String ECHO = "rci.customers.echo";

    @Override
    protected String[] moreSettings() {
        return new String[] {"rci.publish.value-format", "connect-json"};
    }

    @Override
    protected List<String> routeFiles() {
        return List.of("file:routes/fan-out.yaml");
    }

    @Override
    protected List<RoutesBuilder> testRoutes() {
        return List.of(echoRule(ECHO));
    }

    @Test
    void everyTopicThatGetsTheCustomerGetsItsEnvelopeAndAConsentTopicItLeftATrueNull() throws Exception {
        String attributes = "{\"email_marketing_consent\":true,\"sms_marketing_consent\":false,\"ltv_cents\":1999,"
                + "\"loyalty_tier\":\"gold\"}";
        for (MockEndpoint topic : List.of(bundleTopic("customers"), bundleTopic("email-marketing"), topic(ECHO))) {
            topic.expectedMessageCount(1);
            topic.expectedHeaderReceived(KafkaConstants.KEY, "c-1");
        }
        bundleTopic("sms-marketing").expectedMessageCount(1);
        bundleTopic("sms-marketing").message(0).body().isNull();

        fanOut(customer("c-1", attributes));

        MockEndpoint.assertIsSatisfied(context);
        for (MockEndpoint topic : List.of(bundleTopic("customers"), bundleTopic("email-marketing"), topic(ECHO))) {
            JsonNode value =
                    mapper.readTree(topic.getExchanges().get(0).getMessage().getBody(String.class));
            assertEquals(mapper.readTree("{\"id\":\"c-1\"," + attributes.substring(1)), value.get("payload"));
            assertEquals("rci.Customer", value.get("schema").get("name").asText());
            JsonNode last = value.get("schema")
                    .get("fields")
                    .get(value.get("schema").get("fields").size() - 1);
            assertEquals("{\"type\":\"string\",\"optional\":true,\"field\":\"loyalty_tier\"}", last.toString());
        }
    }

    @Test
    void aRedactedCustomerIsTombstonedAndItsRedactionEventIsEnveloped() throws Exception {
        for (String key : List.of("customers", "email-marketing", "sms-marketing")) {
            bundleTopic(key).expectedMessageCount(1);
            bundleTopic(key).message(0).body().isNull();
        }
        bundleTopic("redactions").expectedMessageCount(1);

        // a redacted customer is erased even with an attribute whose type changed
        fanOut(customer("c-9", "{\"ltv_cents\":\"12\",\"redacted_at\":\"2026-11-30T08:00:00Z\"}"));

        MockEndpoint.assertIsSatisfied(context);
        JsonNode event = mapper.readTree(
                bundleTopic("redactions").getExchanges().get(0).getMessage().getBody(String.class));
        assertEquals(
                "{\"id\":\"c-9\",\"redacted_at\":\"2026-11-30T08:00:00Z\"}",
                event.get("payload").toString());
        assertEquals("rci.Redaction", event.get("schema").get("name").asText());
    }

    @Test
    void aKnownAttributeOfAnotherTypeFailsThatCustomerBeforeAnythingIsRouted() {
        BadRecordException bad = assertThrows(
                BadRecordException.class, () -> customer("c-3", "{\"orders_count\":\"3\",\"email\":\"a@b.c\"}"));

        assertEquals("c-3", bad.recordId());
    }
}
