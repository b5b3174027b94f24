package com.rcistream.sweep;

import java.util.concurrent.ExecutorService;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.camel.ShutdownRunningTask;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.SplitDefinition;

import com.fasterxml.jackson.databind.JsonNode;
import com.rcistream.accounts.Accounts;
import com.rcistream.accounts.Shards;
import com.rcistream.api.RciApi;
import com.rcistream.config.RciConfig;
import com.rcistream.events.ChangeEventWriter;
import com.rcistream.events.CustomerEventWriter;
import com.rcistream.exchange.Endpoints;
import com.rcistream.exchange.ExchangeProperties;
import com.rcistream.exchange.RouteConfigurations;
import com.rcistream.exchange.Stage;
import com.rcistream.state.FingerprintStore;

/** The walk of a sweep: from the first page, follow links.next until there is none, one message per customer. */
@ApplicationScoped
public class SweepRoute extends RouteBuilder {

    static final String FETCH_PAGE = "direct:fetch-page";
    static final String PUBLISH_CUSTOMER = "direct:publish-customer";
    static final String ACCOUNT_SWEEPS = "seda:account-sweeps";

    private final RciConfig config;
    private final SweepPageSteps pages;
    private final RciApi api;
    private final CustomerEventWriter events;
    private final ChangeEventWriter changeEvents;
    private final FingerprintStore fingerprints;
    private final Accounts accounts;
    private final Shards shards;
    private final SweepSchedule schedule;

    public SweepRoute(
            RciConfig config,
            SweepPageSteps pages,
            RciApi api,
            CustomerEventWriter events,
            ChangeEventWriter changeEvents,
            FingerprintStore fingerprints,
            Accounts accounts,
            Shards shards,
            SweepSchedule schedule) {
        this.accounts = accounts;
        this.shards = shards;
        this.schedule = schedule;
        this.config = config;
        this.pages = pages;
        this.api = api;
        this.events = events;
        this.changeEvents = changeEvents;
        this.fingerprints = fingerprints;
    }

    /** Threads that route the customers of the pages in flight, when rci.publish.concurrency asks for more than one. */
    private ExecutorService publishers() {
        int threads = config.publish().concurrency();
        return getContext().getExecutorServiceManager().newThreadPool(this, "publish-page", threads, threads);
    }

    @Override
    public void configure() {
        // The poll loop: a sweep every rci.poll.interval, start to start, never two at once. synchronous=true keeps the
        // timer's thread in the sweep until it ends (Kafka acknowledgements would otherwise hand it back early, and the
        // tick falling inside the sweep would be skipped, leaving a whole interval before the next): the JDK timer's
        // fixed delay, counted from the start of a run, then starts an overrun sweep's successor at once.
        if (accounts.named()) {
            // Many accounts: each second the accounts whose sweep is due are queued, and a shared pool of
            // rci.accounts.concurrent-sweeps threads sweeps them at the same time, each at its own throttle. With
            // shards, each has its own timer, which leader election runs only on the pod that leads the shard; its
            // first tick waits two call spacings of the slowest budget, so that no token goes over its budget when a
            // shard moves from a pod that was calling.
            long delay = Math.max(
                    config.poll().initialDelay().toMillis(),
                    2 * config.apiSpacingsMillis().last());
            for (int shard = 0; shard < shards.count(); shard++) {
                int ofShard = shard;
                from("timer:rci-accounts-" + shard + "?delay="
                                + (shards.count() == 1 ? "{{rci.poll.initial-delay}}" : delay) + "&period=1000")
                        .routeId(shards.count() == 1 ? "start-sweep" : "start-sweep-" + shards.name(shard))
                        .autoStartup(config.poll().enabled())
                        .process(exchange -> exchange.getMessage().setBody(schedule.due(ofShard)))
                        .split(body())
                        .setProperty(ExchangeProperties.ACCOUNT, body())
                        .to(ACCOUNT_SWEEPS + "?waitForTaskToComplete=Never&blockWhenFull=true")
                        .end();
            }
            from(ACCOUNT_SWEEPS + "?concurrentConsumers={{rci.accounts.concurrent-sweeps}}")
                    .routeId("sweep-account")
                    .to(Endpoints.SWEEP);
        } else {
            from("timer:rci-poll?delay={{rci.poll.initial-delay}}&period={{rci.poll.interval}}&synchronous=true")
                    .routeId("start-sweep")
                    .autoStartup(config.poll().enabled())
                    .to(Endpoints.SWEEP);
        }

        // One sweep: follows links.next from the first page until there is none or a failure stops it.
        from(Endpoints.SWEEP)
                .routeId("sweep-customers")
                .routeConfigurationId(RouteConfigurations.API_ERROR_POLICY)
                // The summary is written however the sweep ends (a failure handled in a sub-route ends this route
                // early), before the caller gets its answer, which is the sweep's progress.
                .onCompletion()
                .modeBeforeConsumer()
                .bean("sweepCoordinator", "finish")
                .end()
                .bean("sweepCoordinator", "start")
                .loopDoWhile(method("sweepCoordinator", "hasNextPage"))
                .to(FETCH_PAGE)
                .end();

        // One page: fetched through the shared throttle, read as JSON:API, handed over to be published while the walk
        // goes on to the next (SweepCoordinator.hasNextPage waits while rci.publish.pages-in-flight pages are out).
        from(FETCH_PAGE)
                .routeId("fetch-page")
                .routeConfigurationId(RouteConfigurations.API_ERROR_POLICY)
                .setProperty(ExchangeProperties.STAGE, constant(Stage.FETCH_PAGE))
                .setProperty(ExchangeProperties.REQUEST_URL, exchangeProperty(ExchangeProperties.NEXT_URL))
                // every page has its own retries: the loop reuses one exchange, so the last page's count must go
                .removeHeaders(ExchangeProperties.KEPT_HEADERS)
                .to(Endpoints.GET_PAGE)
                .bean("sweepPageSteps", "pageRead")
                .setProperty(ExchangeProperties.STAGE, constant(Stage.FOLLOW_NEXT_LINK))
                .bean("sweepPageSteps", "followNextLink")
                .to(Endpoints.PUBLISH_PAGE)
                .bean("sweepPageSteps", "stopAtRefusedLink");

        // One page's customers, split into one message each and routed; the records they were routed to are gathered
        // and sent together, one round trip a page rather than one a record (with Kafka 10-50 ms away the API budget,
        // not the round trips, must remain the only limit); then the checkpoint past the page once it and every page
        // before it are acknowledged.
        SplitDefinition customers = from(Endpoints.PUBLISH_PAGE)
                .routeId("publish-page")
                .routeConfigurationId(RouteConfigurations.ERROR_POLICY)
                // a stop publishes the pages already handed over, so that the checkpoint can move past them
                .shutdownRunningTask(ShutdownRunningTask.CompleteAllTasks)
                .onCompletion()
                .bean("sweepPageSteps", "pageSettled")
                .end()
                // each customer's exchange is copied several times on its way (split, multicast, error handler): the
                // API call's bookkeeping does not go along
                .removeProperties(
                        "rci*",
                        ExchangeProperties.PROGRESS,
                        ExchangeProperties.ACCOUNT,
                        ExchangeProperties.PAGE_SEQ,
                        ExchangeProperties.REQUEST_URL)
                .bean("pagePublisher", "begin")
                .split(body());
        if (config.publish().concurrency() > 1) {
            customers.parallelProcessing().executorService(publishers());
        }
        customers
                // once publishing has failed (Kafka down, say) the rest of the page waits for the next sweep
                .process(pages::goesOn)
                .filter(exchangeProperty(ExchangeProperties.GOES_ON))
                .to(PUBLISH_CUSTOMER)
                .end()
                .end()
                .setProperty(ExchangeProperties.STAGE, constant(Stage.FAN_OUT))
                .bean("pagePublisher", "send")
                .setProperty(ExchangeProperties.STAGE, constant(Stage.CHECKPOINT))
                .bean("sweepPageSteps", "pagePublished");

        // One customer: checked alone, mapped, and handed to the fan-out only when its content changed. Its steps call
        // their beans directly: Camel's bean binding per step was a visible part of the CPU a customer cost.
        from(PUBLISH_CUSTOMER)
                .routeId("publish-customer")
                .routeConfigurationId(RouteConfigurations.PUBLISHING)
                .setProperty(ExchangeProperties.STAGE, constant(Stage.MAP_CUSTOMER))
                .process(exchange -> exchange.getMessage()
                        .setBody(api.toCustomer(exchange.getMessage().getBody(JsonNode.class), exchange)))
                .process(events::toEvent)
                .process(fingerprints::compare)
                .choice()
                .when(exchangeProperty(ExchangeProperties.CHANGED))
                .process(changeEvents::prepare)
                .setProperty(ExchangeProperties.STAGE, constant(Stage.FAN_OUT))
                .to(Endpoints.FAN_OUT)
                .to(Endpoints.REMEMBER_FINGERPRINT)
                .otherwise()
                .process(pages::unchanged)
                .end()
                .setProperty(ExchangeProperties.STAGE, constant(Stage.MAP_CUSTOMER))
                .process(api::reportMalformed);
    }
}
