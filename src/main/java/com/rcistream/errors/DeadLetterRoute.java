package com.rcistream.errors;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kafka.KafkaConstants;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rcistream.config.UrlSanitizer;
import com.rcistream.exchange.Endpoints;
import com.rcistream.exchange.ExchangeProperties;
import com.rcistream.exchange.Stage;
import com.rcistream.exchange.SweepProgress;

/**
 * Builds the dead-letter envelope (stage, reason, status, URL without secrets, bounded body excerpt) and publishes it.
 * Every text in it passes {@link TextMasker}: no token and no personal data, whatever failed.
 */
@ApplicationScoped
public class DeadLetterRoute extends RouteBuilder {

    static final int EXCERPT_LIMIT = 1024;

    private final ObjectMapper mapper;
    private final TextMasker masker;

    public DeadLetterRoute(ObjectMapper mapper, TextMasker masker) {
        this.mapper = mapper;
        this.masker = masker;
    }

    @Override
    public void configure() {
        // Everything that could not be processed ends here, with a reason: nothing is dropped silently.
        String topic = getContext().resolvePropertyPlaceholders("{{rci.topic.dead-letter}}");
        from(Endpoints.DEAD_LETTER)
                .routeId("publish-dead-letter")
                .process(this::toEnvelope)
                .to("kafka:" + topic)
                // a dead letter of a sweep, acknowledged: its summary counts it with the records the sweep published
                .process(exchange -> {
                    SweepProgress progress = SweepProgress.of(exchange);
                    if (progress != null) {
                        progress.published(topic);
                    }
                });
    }

    private void toEnvelope(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        var msg = exchange.getMessage();
        Integer attempts = exchange.getProperty(ExchangeProperties.ATTEMPTS, Integer.class);
        SweepProgress progress = SweepProgress.of(exchange);

        ObjectNode envelope = mapper.createObjectNode();
        Stage stage = Stage.of(exchange);
        if (cause instanceof InvalidPageException && stage == Stage.FETCH_PAGE) {
            stage = Stage.READ_PAGE;
        }
        envelope.put("stage", stage == null ? "unknown" : stage.id());
        envelope.put("reason", masker.mask(reasonOf(cause)));
        envelope.put("error", cause == null ? null : cause.getClass().getSimpleName());
        String url =
                masker.mask(UrlSanitizer.sanitize(exchange.getProperty(ExchangeProperties.REQUEST_URL, String.class)));
        String key = url;
        String customerId = exchange.getProperty(ExchangeProperties.CUSTOMER_ID, String.class);
        if (cause instanceof ApiResponseException api) {
            envelope.put("http_status", api.status());
            url = api.url();
            envelope.put("body_excerpt", excerpt(api.body()));
            if (customerId != null) {
                envelope.put("record_id", customerId);
                key = customerId;
                if (api.status() == 404) {
                    envelope.put(
                            "reason",
                            masker.mask(
                                    "not found: customer " + customerId + " does not exist in the account (HTTP 404)"));
                }
            }
        } else if (cause instanceof InvalidPageException page) {
            envelope.put("body_excerpt", excerpt(page.body()));
        } else if (cause instanceof BadRecordException record) {
            envelope.put("record_id", record.recordId());
            envelope.put("body_excerpt", excerpt(record.record()));
            key = record.recordId() != null ? record.recordId() : url;
            if (record instanceof RecordRefusedException refused) {
                envelope.put("topic", refused.topic());
            }
        } else if (cause instanceof ForeignLinkException foreign) {
            envelope.put("refused_url", masker.mask(foreign.link()));
        }
        url = masker.mask(url);
        envelope.put("url", url);
        envelope.put(
                "attempts",
                attempts == null
                                || !(cause instanceof ApiResponseException
                                        || cause instanceof InvalidPageException
                                        || cause instanceof java.io.IOException)
                        ? 1
                        : attempts);
        envelope.put("sweep_id", progress == null ? null : progress.sweepId());
        envelope.put("time", Instant.now().toString());
        String account = exchange.getProperty(ExchangeProperties.ACCOUNT, "", String.class);
        if (!account.isEmpty()) {
            envelope.put("account", account);
        }

        // The envelope is all that leaves: no header of the failed exchange (which may hold credentials) goes along.
        msg.removeHeaders("*");
        msg.setHeader(KafkaConstants.KEY, key);
        msg.setHeader("rci_stage", envelope.get("stage").asText());
        msg.setHeader("rci_reason", envelope.get("reason").asText());
        if (envelope.has("http_status")) {
            msg.setHeader("rci_http_status", envelope.get("http_status").asText());
        }
        if (url != null) {
            msg.setHeader("rci_url", url);
        }
        msg.setHeader("rci_attempts", envelope.get("attempts").asText());
        if (progress != null) {
            msg.setHeader("rci_sweep_id", progress.sweepId());
        }
        if (!account.isEmpty()) {
            msg.setHeader("rci_account", account);
        }
        msg.setBody(envelope.toString());
    }

    private static String reasonOf(Throwable cause) {
        if (cause == null) {
            return "unknown failure";
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    private String excerpt(String body) {
        if (body == null) {
            return null;
        }
        // a dead letter is kept (not compacted, never erased): no customer's personal data goes in, and no token
        String redacted = masker.maskBody(body);
        return redacted.length() <= EXCERPT_LIMIT ? redacted : redacted.substring(0, EXCERPT_LIMIT) + "…";
    }
}
