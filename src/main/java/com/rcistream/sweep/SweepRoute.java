package com.rcistream.sweep;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rcistream.api.ApiCallRoute;
import com.rcistream.api.CustomerPage;
import com.rcistream.api.Customer;
import com.rcistream.api.JsonApiReader;
import com.rcistream.api.OriginGuard;
import com.rcistream.config.RciConfig;
import com.rcistream.errors.ErrorPolicy;
import com.rcistream.events.CustomerEventWriter;
import com.rcistream.events.EventContract;
import com.rcistream.events.PublishedCounter;

/** The walk of a sweep: from the first page, follow links.next until there is none, one message per customer. */
@ApplicationScoped
public class SweepRoute extends RouteBuilder {

    public static final String SWEEP = "direct:sweep";
    public static final String FAN_OUT = "direct:fan-out";
    static final String FETCH_PAGE = "direct:fetch-page";
    static final String PUBLISH_CUSTOMER = "direct:publish-customer";
    private static final String PAGE_NEXT = "rciPageNext";

    private final RciConfig config;
    private final Sweeps sweeps;
    private final JsonApiReader reader;
    private final CustomerEventWriter events;
    private final OriginGuard originGuard;

    public SweepRoute(RciConfig config, Sweeps sweeps, ObjectMapper mapper, CustomerEventWriter events) {
        this.config = config;
        this.sweeps = sweeps;
        this.reader = new JsonApiReader(mapper);
        this.events = events;
        this.originGuard = new OriginGuard(config.api().baseUrl());
    }

    @Override
    public void configure() {
        getContext().getManagementStrategy().addEventNotifier(new PublishedCounter());

        // The poll loop: a sweep, then rci.poll.interval of rest, then the next sweep (never two at once).
        from("timer:rci-poll?delay=" + config.poll().initialDelay().toMillis()
                + "&period=" + config.poll().interval().toMillis())
                .routeId("start-sweep")
                .autoStartup(config.poll().enabled())
                .to(SWEEP);

        // One sweep: follows links.next from the first page until there is none or a failure stops it.
        from(SWEEP).routeId("sweep-customers")
                .routeConfigurationId(ErrorPolicy.ID)
                // The summary is written however the sweep ends (a failure handled in a sub-route ends this route
                // early), before the caller gets its answer, which is the sweep's progress.
                .onCompletion().modeBeforeConsumer().process(sweeps::finish).end()
                .process(sweeps::start)
                .loopDoWhile(sweeps::hasNextPage)
                    .to(FETCH_PAGE)
                .end();

        // One page: fetched through the shared throttle, read as JSON:API, split into one message per customer.
        from(FETCH_PAGE).routeId("fetch-page")
                .routeConfigurationId(ErrorPolicy.ID)
                .setProperty(SweepProperties.STAGE, constant("fetch-page"))
                .setProperty(SweepProperties.REQUEST_URL, exchangeProperty(SweepProperties.NEXT_URL))
                .to(ApiCallRoute.CALL_API)
                .setProperty(SweepProperties.STAGE, constant("read-page"))
                .process(this::readPage)
                .split(body())
                    .to(PUBLISH_CUSTOMER)
                .end()
                .setProperty(SweepProperties.STAGE, constant("follow-next-link"))
                .process(this::followNextLink);

        // One customer: checked alone (a bad record is dead-lettered, its page goes on), mapped, handed to the fan-out.
        from(PUBLISH_CUSTOMER).routeId("publish-customer")
                .routeConfigurationId(ErrorPolicy.ID + "," + EventContract.ID)
                .setProperty(SweepProperties.STAGE, constant("map-customer"))
                .process(this::toEvent)
                .setProperty(SweepProperties.STAGE, constant("fan-out"))
                .to(FAN_OUT);
    }

    /** Reads the page and leaves its records as the body; the walk stays on this page until they are published. */
    private void readPage(Exchange exchange) {
        CustomerPage page = reader.readPage(exchange.getMessage().getBody(String.class));
        SweepProgress progress = exchange.getProperty(SweepProperties.PROGRESS, SweepProgress.class);
        progress.pageRead(page.records().size());
        exchange.removeProperty(SweepProperties.NEXT_URL);
        exchange.setProperty(PAGE_NEXT, page.next());
        exchange.getMessage().setBody(page.records());
    }

    /** Moves the walk to the page's next link, refused when it leaves the configured API origin. */
    private void followNextLink(Exchange exchange) {
        String next = exchange.getProperty(PAGE_NEXT, String.class);
        exchange.removeProperty(PAGE_NEXT);
        if (next != null) {
            exchange.setProperty(SweepProperties.NEXT_URL, originGuard.check(next));
        }
    }

    private void toEvent(Exchange exchange) {
        Customer customer = reader.toCustomer(exchange.getMessage().getBody(JsonNode.class));
        SweepProgress progress = exchange.getProperty(SweepProperties.PROGRESS, SweepProgress.class);
        events.write(exchange, customer, progress.sweepId());
    }
}
