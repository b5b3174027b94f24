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
import com.rcistream.state.Checkpoints;
import com.rcistream.state.FingerprintRoute;
import com.rcistream.state.Fingerprints;

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
    private final Fingerprints fingerprints;
    private final Checkpoints checkpoints;

    public SweepRoute(RciConfig config, Sweeps sweeps, ObjectMapper mapper, CustomerEventWriter events,
            Fingerprints fingerprints, Checkpoints checkpoints) {
        this.config = config;
        this.sweeps = sweeps;
        this.reader = new JsonApiReader(mapper);
        this.events = events;
        this.fingerprints = fingerprints;
        this.checkpoints = checkpoints;
        this.originGuard = new OriginGuard(config.api().baseUrl());
    }

    @Override
    public void configure() {
        getContext().getManagementStrategy().addEventNotifier(new PublishedCounter());

        // The poll loop: a sweep every rci.poll.interval, start to start, never two at once.
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
                // every page has its own retries: the loop reuses one exchange, so the last page's count must go
                .removeHeaders(ApiCallRoute.REDELIVERY_HEADERS)
                .to(ApiCallRoute.GET_PAGE)
                .process(this::pageRead)
                .split(body())
                    // once the sweep has failed (Kafka down, say) the rest of the page waits for the next sweep
                    .filter(exchange -> !progressOf(exchange).failed())
                        .to(PUBLISH_CUSTOMER)
                    .end()
                .end()
                .setProperty(SweepProperties.STAGE, constant("follow-next-link"))
                .process(this::followNextLink);

        // One customer: checked alone, mapped, and handed to the fan-out only when its content changed.
        from(PUBLISH_CUSTOMER).routeId("publish-customer")
                .routeConfigurationId(ErrorPolicy.ID + "," + EventContract.ID)
                .setProperty(SweepProperties.STAGE, constant("map-customer"))
                .process(this::toEvent)
                .choice()
                    .when(method(fingerprints, "changed"))
                        .setProperty(SweepProperties.STAGE, constant("fan-out"))
                        .to(FAN_OUT)
                        .to(FingerprintRoute.REMEMBER)
                    .otherwise()
                        .process(exchange -> progressOf(exchange).unchanged())
                .end();
    }

    /** Leaves the page's records as the body; the walk stays on this page until they are published. */
    private void pageRead(Exchange exchange) {
        CustomerPage page = exchange.getMessage().getBody(CustomerPage.class);
        progressOf(exchange).pageRead(page.records().size());
        exchange.removeProperty(SweepProperties.NEXT_URL);
        exchange.setProperty(PAGE_NEXT, page.next());
        exchange.getMessage().setBody(page.records());
    }

    /**
     * Moves the walk to the page's next link, refused when it leaves the configured API origin, and checkpoints it:
     * every record of this page was acknowledged by Kafka before this step runs (the split is sequential and each
     * send waits for its acknowledgement), so a restart resumes at the next page and repeats at most this one.
     */
    private void followNextLink(Exchange exchange) {
        String next = exchange.getProperty(PAGE_NEXT, String.class);
        exchange.removeProperty(PAGE_NEXT);
        SweepProgress progress = progressOf(exchange);
        if (next != null && !progress.failed()) {
            exchange.setProperty(SweepProperties.NEXT_URL, originGuard.check(next));
            checkpoints.save(next, progress.sweepId());
        }
        sweeps.pageDone(progress);
    }

    private static SweepProgress progressOf(Exchange exchange) {
        return exchange.getProperty(SweepProperties.PROGRESS, SweepProgress.class);
    }

    private void toEvent(Exchange exchange) {
        Customer customer = reader.toCustomer(exchange.getMessage().getBody(JsonNode.class));
        events.write(exchange, customer, progressOf(exchange).sweepId());
    }
}
