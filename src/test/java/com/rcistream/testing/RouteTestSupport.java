package com.rcistream.testing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.spi.PropertiesSource;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.test.junit6.CamelTestSupport;
import org.apache.camel.test.junit6.TestExecutionConfiguration;
import org.apache.camel.test.junit6.util.CamelContextTestHelper;
import org.junit.jupiter.api.BeforeEach;

import io.smallrye.config.SmallRyeConfig;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rcistream.accounts.Accounts;
import com.rcistream.api.Customer;
import com.rcistream.config.ApiToken;
import com.rcistream.config.RciConfig;
import com.rcistream.errors.DeadLetterRoute;
import com.rcistream.errors.ErrorPolicy;
import com.rcistream.errors.FailurePolicy;
import com.rcistream.errors.TextMasker;
import com.rcistream.events.CustomRules;
import com.rcistream.events.CustomerEventWriter;
import com.rcistream.events.RuleCopies;
import com.rcistream.exchange.CustomerOutcome;
import com.rcistream.exchange.Endpoints;
import com.rcistream.exchange.RouteConfigurations;
import com.rcistream.exchange.Stage;
import com.rcistream.topics.RuleTopics;

/**
 * Camel's test kit on the bundle's YAML routes, in a plain JVM: no Quarkus, no broker, a fresh CamelContext per test.
 * The context holds what the YAML routes need from the bundle, the real classes built by hand instead of by CDI:
 * the error policy (the route configuration the routes opt in to), the dead-letter route, the {@code customRules} and
 * {@code ruleTopics} beans, and the settings as the bundle reads them (its mapping's defaults, quick retries); the event
 * contract alone is a stand-in (see {@link #eventContractStandIn()}). Before the context starts, {@link AdviceWith} puts a {@code mock:kafka:<topic>} endpoint
 * in place of every Kafka endpoint (nothing is sent to Kafka), and a test states with {@link MockEndpoint}
 * expectations what each topic would receive.
 * <p>
 * Why {@code org.apache.camel:camel-test-junit6} and not {@code camel-quarkus-junit5}: the latter (now
 * {@code camel-quarkus-junit}) gives {@code CamelQuarkusTestSupport}, which runs inside a {@code @QuarkusTest}, so the
 * whole application, its broker and the verify loop; these tests run in {@code ./mvnw test}. The junit6 flavour is the
 * one the camel-quarkus BOM manages and matches the JUnit that Quarkus 3.31 brings.
 */
public abstract class RouteTestSupport extends CamelTestSupport {

    /** The API token the dead-letter route must never let out. */
    protected static final String TOKEN = "route-test-token-5d1e0c";

    protected final ObjectMapper mapper = new ObjectMapper();
    /** The bundle's settings from its own mapping, with quick retries and a known token. */
    protected final SmallRyeConfig settings = Settings.with(withMore(
            "rci.api.token",
            TOKEN,
            "rci.api.max-retries",
            "2",
            "rci.api.max-rate-limited-retries",
            "3",
            "rci.api.retry-backoff",
            "1ms",
            "rci.api.retry-backoff-max",
            "4ms",
            "rci.api.base-url",
            "https://api.example.test/api/v1"));

    protected final RciConfig config = Settings.rci(settings);

    /** Settings a test class adds to those above, keys and values in turn (read while the test is built). */
    protected String[] moreSettings() {
        return new String[0];
    }

    private String[] withMore(String... keysAndValues) {
        String[] more = moreSettings();
        String[] all = java.util.Arrays.copyOf(keysAndValues, keysAndValues.length + more.length);
        System.arraycopy(more, 0, all, keysAndValues.length, more.length);
        return all;
    }

    /** The YAML route files under test, as Camel resource locations ({@code file:} is the project root). */
    protected abstract List<String> routeFiles();

    /** A rule as an integrator writes one, {@code rule-echo}: found by its id, given every customer, it forwards it. */
    protected static RoutesBuilder echoRule(String topic) {
        return new org.apache.camel.builder.RouteBuilder() {
            @Override
            public void configure() {
                from("direct:rule-echo")
                        .routeId("rule-echo")
                        .routeConfigurationId(RouteConfigurations.PUBLISHING)
                        .to("kafka:" + topic);
            }
        };
    }

    /** Java routes a test adds beside the YAML ones (a stand-in rule, a route that fails on purpose). */
    protected List<RoutesBuilder> testRoutes() {
        return List.of();
    }

    @Override
    public void configureTest(TestExecutionConfiguration test) {
        // the context starts only once the routes are advised (adviseAndStart)
        test.withUseAdviceWith(true);
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        context.getPropertiesComponent().addPropertiesSource(new PropertiesSource() {
            @Override
            public String getName() {
                return "rci-settings";
            }

            @Override
            public String getProperty(String name) {
                return settings.getOptionalValue(name, String.class).orElse(null);
            }
        });
        // the kafka component is Camel's stub (what camel-test's auto-stub does): a Kafka producer wants brokers to
        // start, even behind a mock that skips every send; the endpoints keep their kafka: URIs for the mocks below
        CamelContextTestHelper.enableAutoStub(context, "kafka");
        return context;
    }

    @Override
    protected RoutesBuilder[] createRouteBuilders() throws Exception {
        context.getRegistry().bind("customRules", new CustomRules(context));
        context.getRegistry().bind("ruleCopies", new RuleCopies());
        context.getRegistry().bind("ruleTopics", new RuleTopics(context, config));
        // route configurations first: a route is given its configurations when it is added
        List<RoutesBuilder> builders = new ArrayList<>(List.of(
                new ErrorPolicy(new FailurePolicy(config)),
                eventContractStandIn(),
                new DeadLetterRoute(mapper, new TextMasker(new ApiToken(config)))));
        builders.addAll(testRoutes());
        for (String file : routeFiles()) {
            builders.addAll(PluginHelper.getRoutesLoader(context)
                    .findRoutesBuilders(ResourceHelper.resolveMandatoryResource(context, file)));
        }
        return builders.toArray(RoutesBuilder[]::new);
    }

    /**
     * The event contract, without its Kafka interceptor (a fresh ce_id per record; a sweep's records gathered into its
     * page): that interceptor and the mocks below both decorate the Kafka endpoints, Camel gives an endpoint one
     * decorator, and which one won changed from run to run. Outside a sweep the contract only sets the ce_id; the
     * application tests (FanOutTest) check it on the records a real broker received.
     */
    private static RoutesBuilder eventContractStandIn() {
        return new RouteConfigurationBuilder() {
            @Override
            public void configuration() {
                routeConfiguration(RouteConfigurations.EVENT_CONTRACT);
            }
        };
    }

    @BeforeEach
    void adviseAndStart() throws Exception {
        // the mocks are registered for the whole context, whichever route is advised: every Kafka endpoint, the ones
        // a recipient list resolves while a customer is routed too, becomes mock:kafka:<topic>, and nothing is sent
        AdviceWith.adviceWith(
                context,
                context.getRouteDefinitions().get(0).getRouteId(),
                route -> route.mockEndpointsAndSkip("kafka:*"));
        advise();
        context.start();
    }

    /**
     * More advice before the context starts, for a test that needs it: another endpoint mocked (an HTTP call a rule
     * makes: {@code AdviceWith.adviceWith(context, "rule-x", a -> a.mockEndpointsAndSkip("https:*"))}), a step
     * replaced ({@code weaveByToUri}), a route fed from elsewhere ({@code replaceFromWith}).
     */
    protected void advise() throws Exception {}

    /** What a topic would receive, by its name. */
    protected MockEndpoint topic(String name) {
        return getMockEndpoint("mock:kafka:" + name);
    }

    /** What a topic would receive, by its setting's last part ({@code customers} for rci.topic.customers). */
    protected MockEndpoint bundleTopic(String key) {
        return topic(topicName(key));
    }

    protected String topicName(String key) {
        return settings.getValue("rci.topic." + key, String.class);
    }

    /**
     * A customer as the bundle hands it to the fan-out: the real event writer sets the key, the CloudEvents headers,
     * the JSON body and the properties the YAML routes read ({@code rciCustomer}, {@code rciTrueAttributes}...).
     */
    protected Exchange customer(String id, String attributesJson) throws IOException {
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setBody(new Customer(id, (ObjectNode) mapper.readTree(attributesJson)));
        new CustomerEventWriter(mapper, config, new Accounts(config, new ApiToken(config))).toEvent(exchange);
        CustomerOutcome.begin(exchange);
        Stage.FAN_OUT.enter(exchange);
        return exchange;
    }

    /**
     * Sends customers to the fan-out at once, as a page's customers are, and waits (at most 10 s) until the fan-out
     * is done with every one of them.
     */
    protected void fanOut(Exchange... customers) {
        NotifyBuilder done = new NotifyBuilder(context)
                .fromRoute("fan-out-customer")
                .whenDone(customers.length)
                .create();
        for (Exchange customer : customers) {
            template.asyncSend(Endpoints.FAN_OUT, customer);
        }
        if (!done.matches(10, TimeUnit.SECONDS)) {
            throw new AssertionError("the fan-out finished with " + customers.length + " customers in no 10 s");
        }
    }
}
