package com.rcistream.events;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.camel.builder.RouteConfigurationBuilder;

import com.rcistream.exchange.RouteConfigurations;

/**
 * The part of the event contract that must hold per Kafka record rather than per customer: a fresh ce_id for every
 * record sent, so that the same customer fanned out to several topics (or its tombstones and its redaction event)
 * never share an id. Routes that publish customer events opt in by id, YAML rules too. A record of a sweep's page is
 * gathered to be sent with the rest of its page rather than sent at once ({@link PagePublisher}).
 */
@ApplicationScoped
public class EventContract extends RouteConfigurationBuilder {

    private final PagePublisher publisher;

    public EventContract(PagePublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public void configuration() {
        routeConfiguration(RouteConfigurations.EVENT_CONTRACT)
                .interceptSendToEndpoint("kafka:*")
                // skipped only for a record the publisher gathered (it says so, as a when() would)
                .skipSendToOriginalEndpoint()
                .process(publisher::collect);
    }
}
