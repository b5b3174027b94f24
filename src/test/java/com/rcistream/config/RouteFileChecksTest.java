package com.rcistream.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quarkus.runtime.configuration.ConfigurationException;

/** A mistake in a YAML route file stops the start with one sentence naming the file, before Camel loads it. */
class RouteFileChecksTest {

    @TempDir
    Path dir;

    private final CamelContext camel = new DefaultCamelContext();

    @AfterEach
    void stop() throws Exception {
        camel.close();
    }

    @Test
    void theShippedRoutesAndTheExampleRulesPass() {
        RouteFileChecks checks = new RouteFileChecks("file:routes/*.yaml,file:examples/routes/*.yaml");

        checks.check(camel);

        assertEquals(
                true,
                checks.routeFiles().contains(Path.of("routes/fan-out.yaml")),
                checks.routeFiles().toString());
    }

    @Test
    void fileThatDoesNotParseIsNamedWithItsLine() throws Exception {
        Path broken = write(
                "broken-rule.yaml",
                "- route:\n    id: rule-broken\n    from:\n      uri: direct:rule-broken\n      steps:\n        - to: [unclosed\n");

        assertEquals(
                "Route file " + broken + " does not parse: expected ',' or ']', but got <stream end> at line 7.",
                failure());
    }

    @Test
    void unknownEndpointIsNamedWithItsFile() throws Exception {
        Path unknown = write(
                "unknown-rule.yaml",
                "- route:\n    id: rule-unknown\n    from:\n      uri: direct:rule-unknown\n      steps:\n        - to: kafak:typo\n");

        assertEquals(
                "Route file " + unknown + " names an unknown endpoint 'kafak:typo': no Camel component 'kafak' is in"
                        + " this build.",
                failure());
    }

    @Test
    void endpointWhoseSchemeIsAPlaceholderIsLeftToCamel() throws Exception {
        write(
                "rule-placeholder.yaml",
                "- route:\n    id: rule-placeholder\n    routeConfigurationId: error-policy,event-contract\n"
                        + "    from:\n      uri: direct:rule-placeholder\n      steps:\n        - to: \"{{rci.sink}}:x\"\n");

        new RouteFileChecks("file:" + dir + "/*.yaml").check(camel);
    }

    @Test
    void ruleRouteWithoutBothRouteConfigurationsIsNamed() throws Exception {
        Path careless = write(
                "rule-careless.yaml",
                "- route:\n    id: rule-careless\n    routeConfigurationId: error-policy\n"
                        + "    from:\n      uri: direct:rule-careless\n      steps:\n        - to: kafka:rci.customers.careless\n");

        assertEquals(
                "Route file " + careless + " has a rule route 'rule-careless' without routeConfigurationId:"
                        + " error-policy,event-contract, so its failures would reach no dead-letter topic and its records would"
                        + " get no ce_id of their own.",
                failure());
    }

    @Test
    void routeThatIsNoRuleNeedsNoRouteConfiguration() throws Exception {
        write(
                "helper.yaml",
                "- route:\n    id: format-crm\n    from:\n      uri: direct:format-crm\n      steps:\n"
                        + "        - to: direct:crm-sink\n");

        new RouteFileChecks("file:" + dir + "/*.yaml").check(camel);
    }

    private Path write(String name, String yaml) throws Exception {
        return Files.writeString(dir.resolve(name), yaml);
    }

    private String failure() {
        RouteFileChecks checks = new RouteFileChecks("file:" + dir + "/*.yaml");
        return assertThrows(ConfigurationException.class, () -> checks.check(camel))
                .getMessage();
    }
}
