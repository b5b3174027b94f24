package com.rcistream.deploy;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.rcistream.testing.KafkaAndHttpPorts;
import com.rcistream.testing.SimulatedApiTestBase;
import com.rcistream.testing.Sweep;

/** The rendered Deployment and alerts against the running application: what they name must exist. */
@QuarkusTest
@Tag("application")
@QuarkusTestResource(KafkaAndHttpPorts.class)
class DeploymentOnRunningAppTest extends SimulatedApiTestBase {

    /** Words of PromQL that are not metric names. */
    private static final Set<String> PROMQL = Set.of(
            "by", "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless", "bool", "offset");

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    @Inject
    CamelContext camel;

    @Test
    void everyProbePathAnswers200OnTheApplicationsPort() {
        Manifests manifests = Manifests.rendered();
        JsonNode container = manifests.container();
        List<String> paths = new ArrayList<>();
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            JsonNode get = container.path(probe).path("httpGet");
            assertEquals("http", get.path("port").asText(), probe + " uses the named port");
            paths.add(get.path("path").asText());
        }

        assertEquals(List.of("/q/health/started", "/q/health/live", "/q/health/ready"), paths);
        paths.forEach(path -> given().when().get(path).then().statusCode(200));
        assertEquals("http", container.path("ports").get(0).path("name").asText());
    }

    @Test
    void everyMetricAnAlertNamesIsOnMetricsAfterASweep() {
        simulator.setCustomers(30);
        assertFalse(Sweep.run(producer).progress().failed());
        String metrics = given().when()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();

        Set<String> named = new TreeSet<>();
        for (JsonNode group :
                Manifests.rendered().one("PrometheusRule").path("spec").path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                named.addAll(metricNames(rule.path("expr").asText()));
            }
        }

        assertEquals(
                Set.of(
                        "rci_api_rate_limited_total",
                        "rci_api_token_refused",
                        "rci_sweep_consecutive_failures",
                        "rci_sweep_last_success_timestamp_seconds"),
                named,
                "the metrics the alerts read");
        for (String name : named) {
            assertTrue(
                    Pattern.compile("(?m)^" + name + "(\\{| )").matcher(metrics).find(), name + " on /q/metrics");
        }
    }

    @Test
    void theAlertGaugesFollowWhatTheSweepsDo() {
        simulator.setCustomers(30);
        simulator.setPageSize(10);
        assertFalse(Sweep.run(producer).progress().failed());
        double firstSuccess = gauge("rci_sweep_last_success_timestamp_seconds");
        assertEquals(0.0, gauge("rci_sweep_consecutive_failures"));
        assertEquals(0.0, gauge("rci_api_token_refused"), "the token is accepted");

        simulator.faults().setForeignNextPage(1); // a next link off the API's origin stops the sweep at once
        assertTrue(Sweep.run(producer).progress().failed());
        assertTrue(Sweep.run(producer).progress().failed());
        assertEquals(2.0, gauge("rci_sweep_consecutive_failures"), "two sweeps stopped in a row");
        assertEquals(firstSuccess, gauge("rci_sweep_last_success_timestamp_seconds"), "no success since");

        simulator.faults().clear();
        checkpoints.clear("");
        assertFalse(Sweep.run(producer).progress().failed());
        assertEquals(0.0, gauge("rci_sweep_consecutive_failures"), "a finished sweep ends the run of failures");
        assertTrue(gauge("rci_sweep_last_success_timestamp_seconds") >= firstSuccess);
        assertTrue(gauge("rci_sweep_last_success_timestamp_seconds") * 1000 <= System.currentTimeMillis());
    }

    @Test
    void theGracePeriodOutlastsCamelsShutdown() {
        long grace = Manifests.rendered()
                .podSpec()
                .path("terminationGracePeriodSeconds")
                .asLong();
        long camelSeconds = TimeUnit.SECONDS.convert(
                camel.getShutdownStrategy().getTimeout(),
                camel.getShutdownStrategy().getTimeUnit());

        assertTrue(
                grace > camelSeconds,
                "terminationGracePeriodSeconds " + grace + " > Camel's shutdown timeout " + camelSeconds
                        + " s, or the kubelet kills the pod while Camel still stops its routes");
    }

    /** The metric names in a PromQL expression: labels, durations, functions and keywords left out. */
    static Set<String> metricNames(String expr) {
        String bare = expr.replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring)\\s*\\([^)]*\\)", " ")
                .replaceAll("\"[^\"]*\"", " ");
        Set<String> names = new TreeSet<>();
        Matcher m = NAME.matcher(bare);
        while (m.find()) {
            String word = m.group();
            boolean function = bare.substring(m.end()).stripLeading().startsWith("(");
            if (!function && !PROMQL.contains(word)) {
                names.add(word);
            }
        }
        return names;
    }

    private static double gauge(String name) {
        String metrics = given().when()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        Matcher m = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*})? (\\S+)").matcher(metrics);
        assertTrue(m.find(), name + " on /q/metrics");
        return Double.parseDouble(m.group(1));
    }
}
