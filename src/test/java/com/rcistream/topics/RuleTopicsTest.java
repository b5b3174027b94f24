package com.rcistream.topics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.runtime.configuration.ConfigurationException;
import io.smallrye.config.SmallRyeConfig;

import com.rcistream.testing.Settings;

/**
 * Where a redacted customer is erased for the rules, read from the loaded routes (YAML, as an integrator writes them),
 * and the rules refused at start because where their records go cannot be known: one sentence each.
 */
class RuleTopicsTest {

    private final CamelContext camel = new DefaultCamelContext();

    @AfterEach
    void close() throws Exception {
        camel.close();
    }

    @Test
    void theShippedExampleAndTestRulesStartAndAreErasedOnTheTopicsTheyName() throws Exception {
        RuleTopics rules = load(
                Settings.with(),
                "file:routes/fan-out.yaml",
                "file:examples/routes/rule-vip.yaml",
                "file:src/test/resources/routes/rule-crm.yaml",
                "file:src/test/resources/routes/rule-flaky.yaml");

        assertEquals(
                List.of("kafka:rci.customers.vip", "kafka:rci.customers.crm", "kafka:rci.customers.flaky"),
                rules.tombstoneEndpoints());
        assertEquals(
                Map.of("rci.customers.vip", true, "rci.customers.crm", true, "rci.customers.flaky", true),
                rules.topics());
    }

    @Test
    void aTombstoneGoesToTheEndpointTheRuleNamesWithItsOptions() throws Exception {
        String remote = "kafka:rci.customers.remote?brokers=crm-a:9092,crm-b:9092&securityProtocol=SASL_SSL";
        RuleTopics rules = rule("rule-remote", "- to: \"" + remote + "\"");

        assertEquals(List.of(remote), rules.tombstoneEndpoints());
        assertEquals(Map.of(), rules.topics(), "a topic on another cluster is not created on the bundle's");
    }

    @Test
    void kafkaSendsOfTheRoutesARuleCallsAreItsOwnCyclesIncluded() throws Exception {
        RuleTopics rules = load(
                Settings.with("crm.topic", "rci.customers.helped"),
                yaml("- route:\n    id: rule-helped\n    from:\n      uri: direct:rule-helped\n      steps:\n"
                        + "        - choice:\n            when:\n              - simple: \"${body} != null\"\n"
                        + "                steps:\n                  - to: direct:format-crm\n"
                        + "        - toD: direct:audit\n"
                        + "- route:\n    id: format-crm\n    from:\n      uri: direct:format-crm\n      steps:\n"
                        + "        - to: direct:audit\n        - to: \"kafka:{{crm.topic}}\"\n"
                        + "- route:\n    id: audit\n    from:\n      uri: direct:audit\n      steps:\n"
                        + "        - filter:\n            simple: \"${header.again} == null\"\n            steps:\n"
                        + "              - to: direct:format-crm\n"
                        + "        - to: https://audit.example.test/log\n"
                        + "        - to: kafka:rci.customers.audit\n"));

        assertEquals(
                List.of("kafka:rci.customers.audit", "kafka:rci.customers.helped"),
                rules.tombstoneEndpoints().stream().sorted().toList());
    }

    @Test
    void aRuleMadeFromTheMarketingTemplateIsErasedOnItsTopic() throws Exception {
        RuleTopics rules = load(
                Settings.with(),
                "file:routes/fan-out.yaml",
                yaml("- templatedRoute:\n    routeTemplateRef: marketing-consent\n    routeId: rule-post-marketing\n"
                        + "    parameters:\n      - name: channel\n        value: post\n"
                        + "      - name: consent\n        value: post_marketing_consent\n"
                        + "      - name: topic\n        value: rci.customers.post-marketing\n"));

        assertEquals(List.of("kafka:rci.customers.post-marketing"), rules.tombstoneEndpoints());
    }

    @Test
    void aComputedTopicDeclaredIsErasedOnEachDeclaredTopicWithTheSendsOptions() throws Exception {
        RuleTopics rules = load(
                Settings.with("rci.rules.rule-region.topics", "rci.customers.eu, rci.customers.us"),
                yaml(rule("- toD: \"kafka:rci.customers.${exchangeProperty.rciCustomer[region]}?brokers=crm:9092\"")));

        assertEquals(
                List.of("kafka:rci.customers.eu?brokers=crm:9092", "kafka:rci.customers.us?brokers=crm:9092"),
                rules.tombstoneEndpoints());
    }

    @Test
    void anHttpCallComputedAtRunTimeIsNoKafkaTopicAndIsAccepted() throws Exception {
        RuleTopics rules = load(
                Settings.with(),
                yaml(rule("- toD: \"https://crm.example.test/customers/${header[kafka.KEY]}\"\n"
                        + "        - enrich:\n            constant: https://crm.example.test/tiers\n"
                        + "        - wireTap:\n            uri: \"https://audit.example.test/${header[kafka.KEY]}\"\n"
                        + "        - to: kafka:rci.customers.region")));

        assertEquals(List.of("kafka:rci.customers.region"), rules.tombstoneEndpoints());
    }

    @Test
    void aKafkaTopicComputedAtRunTimeAndNotDeclaredIsRefused() throws Exception {
        assertRefused(
                "Rule route rule-region sends to kafka:rci.customers.${exchangeProperty.rciCustomer[region]}, computed"
                        + " at run time, so the bundle cannot know where to erase a redacted customer: declare its"
                        + " topics in rci.rules.rule-region.topics and keep the scheme kafka: and the options constant,"
                        + " or name each endpoint in a to: step.",
                "- toD: \"kafka:rci.customers.${exchangeProperty.rciCustomer[region]}\"");
    }

    @Test
    void anEndpointWhoseSchemeIsComputedAndNotDeclaredIsRefused() throws Exception {
        assertRefused(
                "Rule route rule-region sends to ${header.sink}, an endpoint computed at run time, so the bundle cannot"
                        + " know where to erase a redacted customer: declare its topics in rci.rules.rule-region.topics"
                        + " and keep the scheme kafka: and the options constant, or name each endpoint in a to: step.",
                "- toD: \"${header.sink}\"");
    }

    @Test
    void aRouteCalledByAComputedNameIsRefused() throws Exception {
        assertRefused(
                "Rule route rule-region calls direct:${header.next}, a route computed at run time, which the bundle"
                        + " cannot follow to erase a redacted customer: call each route with a to: direct: step of"
                        + " its own.",
                "- toD: \"direct:${header.next}\"");
    }

    @Test
    void recipientListRoutingSlipAndDynamicRouterAreRefused() throws Exception {
        for (String step : List.of("recipientList", "routingSlip", "dynamicRouter")) {
            assertRefused(
                    "Rule route rule-region uses " + step + ", whose destinations are known only at run time, so a"
                            + " redacted customer could not be erased there: send to each endpoint with a to: step.",
                    "- " + step + ":\n            simple: kafka:rci.customers.region");
        }
    }

    @Test
    void kafkaReachedThroughAWireTapOrAnEnricherIsRefused() throws Exception {
        for (String step : List.of(
                "wireTap:\n            uri: kafka:rci.customers.region",
                "enrich:\n            constant: kafka:x",
                "pollEnrich:\n            constant: kafka:x")) {
            String kind = step.substring(0, step.indexOf(':'));
            String uri = step.contains("region") ? "kafka:rci.customers.region" : "kafka:x";
            assertRefused(
                    "Rule route rule-region uses " + kind + " to " + uri + ", which can reach Kafka where a redacted"
                            + " customer's tombstone would not follow: publish with a to: step.",
                    "- " + step);
        }
    }

    @Test
    void aWireTapToARouteThatSendsToKafkaIsRefused() throws Exception {
        ConfigurationException refused = assertThrows(
                ConfigurationException.class,
                () -> load(
                                Settings.with(),
                                yaml(rule("- wireTap:\n            uri: direct:audit")
                                        + "- route:\n    id: audit\n    from:\n      uri: direct:audit\n      steps:\n"
                                        + "        - to: kafka:rci.customers.audit\n"))
                        .topics());

        assertEquals(
                "Rule route rule-region uses wireTap to direct:audit, which can reach Kafka where a redacted"
                        + " customer's tombstone would not follow: publish with a to: step.",
                refused.getMessage());
    }

    @Test
    void aRuleThatReKeysItsRecordsIsRefusedHoweverItDoesSo() throws Exception {
        String rekeyed = ", so its records are not keyed by the customer's id and a redacted customer's tombstones"
                + " (keyed by its id) could not erase them: leave the key the bundle set.";
        assertRefused(
                "Rule route rule-region sets the header kafka.KEY" + rekeyed,
                "- setHeader:\n            name: kafka.KEY\n            simple: \"${exchangeProperty.rciCustomer[email]}\"");
        assertRefused(
                "Rule route rule-region sets the header kafka.KEY" + rekeyed,
                "- setHeaders:\n            headers:\n              - name: kafka.KEY\n                constant: x");
        assertRefused(
                "Rule route rule-region removes the header kafka.KEY" + rekeyed,
                "- removeHeader:\n            name: kafka.KEY");
        assertRefused(
                "Rule route rule-region sets the key of its records (key= on kafka:rci.customers.region?key=x)"
                        + rekeyed,
                "- to: kafka:rci.customers.region?key=x");
    }

    @Test
    void aTopicSetByHeaderIsRefusedInTheRuleOrInARouteItCalls() throws Exception {
        ConfigurationException refused = assertThrows(
                ConfigurationException.class,
                () -> load(
                                Settings.with(),
                                yaml(rule("- to: direct:route-crm")
                                        + "- route:\n    id: route-crm\n    from:\n      uri: direct:route-crm\n      steps:\n"
                                        + "        - setHeader:\n            name: kafka.OVERRIDE_TOPIC\n"
                                        + "            constant: rci.customers.elsewhere\n"
                                        + "        - to: kafka:rci.customers.region\n"))
                        .topics());

        assertEquals(
                "Rule route rule-region (through route route-crm) sets the header kafka.OVERRIDE_TOPIC, so its records"
                        + " go to a topic no endpoint names and a redacted customer could not be erased there: name the"
                        + " topic in the kafka: endpoint (declare its topics in rci.rules.rule-region.topics and keep"
                        + " the scheme kafka: and the options constant, or name each endpoint in a to: step).",
                refused.getMessage());
    }

    private void assertRefused(String sentence, String step) throws Exception {
        CamelContext own = new DefaultCamelContext();
        try {
            RuleTopics rules = load(own, Settings.with(), yaml(rule(step)));
            ConfigurationException refused = assertThrows(ConfigurationException.class, rules::topics, step);
            assertEquals(sentence, refused.getMessage(), step);
        } finally {
            own.close();
        }
    }

    /** A rule-region route whose steps are these (indented as one step of its list). */
    private static String rule(String steps) {
        return "- route:\n    id: rule-region\n    routeConfigurationId: error-policy,event-contract\n"
                + "    from:\n      uri: direct:rule-region\n      steps:\n        " + steps + "\n";
    }

    private RuleTopics rule(String id, String step) throws Exception {
        return load(Settings.with(), yaml(rule(step).replace("rule-region", id)));
    }

    private static String yaml(String text) {
        return "yaml:" + text;
    }

    private RuleTopics load(SmallRyeConfig settings, String... files) throws Exception {
        return load(camel, settings, files);
    }

    /** The routes loaded into a context that is not started (RuleTopics reads the model), settings as properties. */
    private static RuleTopics load(CamelContext context, SmallRyeConfig settings, String... files) throws Exception {
        Properties values = new Properties();
        for (String name : settings.getPropertyNames()) {
            settings.getOptionalValue(name, String.class).ifPresent(value -> values.setProperty(name, value));
        }
        context.getPropertiesComponent().setInitialProperties(values);
        int inline = 0;
        for (String file : files) {
            var resource = file.startsWith("yaml:")
                    ? ResourceHelper.fromString("inline-" + inline++ + ".yaml", file.substring(5))
                    : ResourceHelper.resolveMandatoryResource(context, file);
            PluginHelper.getRoutesLoader(context).loadRoutes(resource);
        }
        return new RuleTopics(context, Settings.rci(settings));
    }
}
