package com.rcistream.events;

import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaEndpoint;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSendingEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSentEvent;
import org.apache.camel.spi.InterceptSendToEndpoint;
import org.apache.camel.support.EventNotifierSupport;

import com.rcistream.exchange.SweepProgress;

/**
 * Counts, per topic, the records Kafka acknowledged for a sweep, whichever route sent them (Java or the YAML
 * fan-out), so the summary is right even for rules an integrator adds. Written by hand because Camel's own
 * metrics count per endpoint URI and per route, not per sweep.
 */
public class PublishedCounter extends EventNotifierSupport {

    public PublishedCounter() {
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeCompletedEvent(true);
        setIgnoreExchangeFailedEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
        // Camel only reports a send as sent when a notifier took its "sending" event: taken, and left alone
        setIgnoreExchangeSendingEvents(false);
        setIgnoreStepEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof ExchangeSentEvent sent && kafka(sent.getEndpoint()) != null
                || event instanceof ExchangeSendingEvent sending && kafka(sending.getEndpoint()) != null;
    }

    @Override
    public void notify(CamelEvent event) {
        if (!(event instanceof ExchangeSentEvent sent)) {
            return;
        }
        Exchange exchange = sent.getExchange();
        SweepProgress progress = SweepProgress.of(exchange);
        if (progress != null && exchange.getException() == null) {
            progress.published(kafka(sent.getEndpoint()).getConfiguration().getTopic());
        }
    }

    /** The Kafka endpoint behind an endpoint, seen through the wrapper that the event contract's interceptor adds. */
    private static KafkaEndpoint kafka(Endpoint endpoint) {
        Endpoint target = endpoint instanceof InterceptSendToEndpoint intercepted ? intercepted.getOriginalEndpoint() : endpoint;
        return target instanceof KafkaEndpoint kafka ? kafka : null;
    }
}
