package com.rcistream.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.TypeConversionException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.rcistream.exchange.ExchangeProperties;
import com.rcistream.exchange.RouteConfigurations;
import com.rcistream.exchange.Stage;
import com.rcistream.exchange.SweepProgress;
import com.rcistream.testing.RouteTestSupport;

/**
 * What the dead-letter route (publish-dead-letter) makes of a failure that the error policy caught: one record on the
 * dead-letter topic, an envelope with the stage and the reason, and nothing of the failed exchange's headers, the
 * API token or a customer's personal data.
 */
class DeadLetterRouteTest extends RouteTestSupport {

    /** The failure the test route throws, handed to it as an exchange property. */
    private static final String FAILURE = "test.failure";

    @Override
    protected List<String> routeFiles() {
        return List.of();
    }

    @Override
    protected List<RoutesBuilder> testRoutes() {
        return List.of(new RouteBuilder() {
            @Override
            public void configure() {
                // a route of the bundle's, under its error policy, that fails with what the test hands it
                from("direct:fail")
                        .routeId("fail-on-purpose")
                        .routeConfigurationId(RouteConfigurations.PUBLISHING)
                        .process(exchange -> {
                            throw exchange.getProperty(FAILURE, Exception.class);
                        });
            }
        });
    }

    @Test
    void badRecordBecomesAnEnvelopeKeyedByItsIdWithoutTheTokenOrPersonalData() throws Exception {
        MockEndpoint deadLetters = bundleTopic("dead-letter");
        deadLetters.expectedMessageCount(1);
        deadLetters.expectedHeaderReceived(KafkaConstants.KEY, "b-7");
        deadLetters.expectedHeaderReceived("rci_stage", "map-customer");
        String record = "{\"type\":\"customers\",\"id\":\"b-7\",\"attributes\":{\"email\":\"eve@example.com\","
                + "\"first_name\":\"Eve\"},\"meta\":{\"debug\":\"" + TOKEN + "\"}}";

        fail(new BadRecordException("not a customer resource: " + TOKEN, "b-7", record), Stage.MAP_CUSTOMER, Map.of());

        deadLetters.assertIsSatisfied();
        Message dead = deadLetters.getExchanges().get(0).getMessage();
        JsonNode envelope = mapper.readTree(dead.getBody(String.class));
        assertEquals("map-customer", envelope.get("stage").asText());
        assertEquals("not a customer resource: ***", envelope.get("reason").asText());
        assertEquals("BadRecordException", envelope.get("error").asText());
        assertEquals("b-7", envelope.get("record_id").asText());
        assertEquals(1, envelope.get("attempts").asInt());
        assertTrue(
                envelope.get("body_excerpt").asText().contains("\"id\":\"b-7\""), "the excerpt still shows the record");
        assertNothingSecretOrPersonal(dead);
    }

    @Test
    void apiAnswerInASweepNamesItsStatusUrlAttemptsAndSweepAndCountsAsPublished() throws Exception {
        MockEndpoint deadLetters = bundleTopic("dead-letter");
        deadLetters.expectedMessageCount(1);
        deadLetters.expectedHeaderReceived("rci_http_status", "503");
        SweepProgress sweep = new SweepProgress(1);
        deadLetters.expectedHeaderReceived("rci_sweep_id", sweep.sweepId());
        String url = "https://api.example.test/api/v1/customers?page%5Bsize%5D=100";

        fail(
                new ServerErrorException(
                        503, url, "{\"errors\":[{\"detail\":\"Bearer " + TOKEN + " overloaded\"}]}", null),
                Stage.FETCH_PAGE,
                Map.of(
                        ExchangeProperties.PROGRESS,
                        sweep,
                        ExchangeProperties.REQUEST_URL,
                        url,
                        ExchangeProperties.ATTEMPTS,
                        5));

        deadLetters.assertIsSatisfied();
        Message dead = deadLetters.getExchanges().get(0).getMessage();
        JsonNode envelope = mapper.readTree(dead.getBody(String.class));
        assertEquals("fetch-page", envelope.get("stage").asText());
        assertEquals(503, envelope.get("http_status").asInt());
        assertEquals(url, envelope.get("url").asText());
        assertEquals(5, envelope.get("attempts").asInt());
        assertEquals(sweep.sweepId(), envelope.get("sweep_id").asText());
        assertEquals(url, dead.getHeader(KafkaConstants.KEY), "a page's dead letter is keyed by its URL");
        assertNothingSecretOrPersonal(dead);
        assertEquals(
                Map.of(topicName("dead-letter"), 1L),
                sweep.publishedPerTopic(),
                "the sweep's summary counts its dead letter");
    }

    @Test
    void longBodyIsCutToTheExcerptLimit() throws Exception {
        MockEndpoint deadLetters = bundleTopic("dead-letter");
        deadLetters.expectedMessageCount(1);

        fail(
                new InvalidPageException("not JSON:API", "x".repeat(5 * DeadLetterRoute.EXCERPT_LIMIT)),
                Stage.READ_PAGE,
                Map.of());

        deadLetters.assertIsSatisfied();
        JsonNode envelope =
                mapper.readTree(deadLetters.getExchanges().get(0).getMessage().getBody(String.class));
        assertEquals("read-page", envelope.get("stage").asText());
        assertEquals(
                DeadLetterRoute.EXCERPT_LIMIT + 1,
                envelope.get("body_excerpt").asText().length(),
                "cut, with …");
    }

    @Test
    void ruleThatThrowsQuotingTheCustomersEmailIsDeadLetteredWithoutIt() throws Exception {
        MockEndpoint deadLetters = bundleTopic("dead-letter");
        deadLetters.expectedMessageCount(1);

        fail(
                new RuleFailedException("rule-crm", "c-1", new IllegalStateException("CRM refused eve@example.com")),
                Stage.RULE,
                Map.of());

        deadLetters.assertIsSatisfied();
        Message dead = deadLetters.getExchanges().get(0).getMessage();
        assertEquals(
                "rule rule-crm failed for customer c-1: CRM refused ***",
                mapper.readTree(dead.getBody(String.class)).get("reason").asText());
        assertEquals("rule rule-crm failed for customer c-1: CRM refused ***", dead.getHeader("rci_reason"));
        assertNothingSecretOrPersonal(dead);
    }

    @Test
    void conversionErrorInARuleIsDeadLetteredWithoutTheValueItQuotes() throws Exception {
        MockEndpoint deadLetters = bundleTopic("dead-letter");
        deadLetters.expectedMessageCount(1);
        Exception conversion = new TypeConversionException(
                "Eve Adams", Integer.class, new NumberFormatException("For input string: \"Eve Adams\""));

        fail(new RuleFailedException("rule-score", "c-2", conversion), Stage.RULE, Map.of());

        deadLetters.assertIsSatisfied();
        Message dead = deadLetters.getExchanges().get(0).getMessage();
        String reason =
                mapper.readTree(dead.getBody(String.class)).get("reason").asText();
        assertFalse(reason.contains("Eve") || reason.contains("Adams"), reason);
        assertTrue(reason.contains("java.lang.Integer"), "the reason still says what failed: " + reason);
        assertNothingSecretOrPersonal(dead);
    }

    @Test
    void foreignNextLinkIsDeadLetteredWithTheValuesOfItsQueryMasked() throws Exception {
        MockEndpoint deadLetters = bundleTopic("dead-letter");
        deadLetters.expectedMessageCount(1);
        String link = "https://elsewhere.example/customers?page%5Bcursor%5D=c9&email=eve@example.com&name=Eve";

        fail(new ForeignLinkException(link, "https://api.example.test"), Stage.FOLLOW_NEXT_LINK, Map.of());

        deadLetters.assertIsSatisfied();
        Message dead = deadLetters.getExchanges().get(0).getMessage();
        JsonNode envelope = mapper.readTree(dead.getBody(String.class));
        assertEquals(
                "https://elsewhere.example/customers?page%5Bcursor%5D=c9&email=***&name=***",
                envelope.get("refused_url").asText());
        assertTrue(
                envelope.get("reason").asText().contains("page%5Bcursor%5D=c9&email=***&name=***"),
                envelope.toString());
        assertNothingSecretOrPersonal(dead);
    }

    /** Sends an exchange at a stage, carrying the API token in a header as a request would, to a route that fails. */
    private void fail(Exception failure, Stage stage, Map<String, Object> properties) {
        Exchange exchange = new DefaultExchange(context);
        exchange.setProperty(FAILURE, failure);
        properties.forEach(exchange::setProperty);
        stage.enter(exchange);
        exchange.getMessage().setHeader("Authorization", "Bearer " + TOKEN);
        exchange.getMessage().setBody("{\"id\":\"b-7\",\"email\":\"eve@example.com\"}");
        template.send("direct:fail", exchange);
    }

    private static void assertNothingSecretOrPersonal(Message dead) {
        String body = dead.getBody(String.class);
        for (String secret : List.of(TOKEN, "eve@example.com", "Eve")) {
            assertFalse(body.contains(secret), secret + " in the dead letter: " + body);
        }
        dead.getHeaders().forEach((name, value) -> {
            assertTrue(
                    name.equals(KafkaConstants.KEY) || name.startsWith("rci_"),
                    "a header of the failed exchange: " + name);
            assertFalse(String.valueOf(value).contains(TOKEN), "the token in header " + name);
        });
    }
}
