package com.rcistream.leader;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

import org.apache.camel.CamelContext;
import org.apache.camel.component.kubernetes.KubernetesConfiguration;
import org.apache.camel.component.kubernetes.cluster.KubernetesClusterService;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.quarkus.main.events.AfterConfigure;
import org.apache.camel.support.cluster.RebalancingCamelClusterService;
import org.jboss.logging.Logger;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.runtime.configuration.ConfigurationException;

import com.rcistream.accounts.Shards;
import com.rcistream.config.LeaderElectionConfig;
import com.rcistream.config.RciConfig;

/**
 * One active replica (rci.leader-election.enabled): Camel's Kubernetes cluster service elects a leader among the pods
 * on a Lease, and the two routes that spend the API budget by themselves, the poll timer and the refresh consumer,
 * become {@code master:} consumers, started only on the leader. The other pods stand by, Ready (a pod must be Ready to
 * lead, so readiness never depends on leading), and the next leader's first sweep resumes from the Kafka checkpoint.
 * Off, the routes are left as they are and nothing talks to Kubernetes: the demo and a plain java -jar need no cluster.
 *
 * <p>Camel Quarkus wraps the same cluster service in camel-quarkus-kubernetes-cluster-service; that extension cannot be
 * had where this bundle is built, so the service is created here, on the Kubernetes client Quarkus configures.
 */
@ApplicationScoped
public class LeaderElection {

    private static final Logger LOG = Logger.getLogger(LeaderElection.class);

    /**
     * The master: namespace both consumers share: one pod leads both, so the API budget has one throttle. Camel names
     * the Lease {@value #LEASE_PREFIX}-{@value #GROUP}, in the pod's namespace.
     */
    static final String GROUP = "rci-stream";
    /** Camel's default prefix of the Lease's name. */
    static final String LEASE_PREFIX = "leaders";
    /** The routes whose consumer runs on the leader only (their ids in sweep/SweepRoute and refresh/RefreshRoute). */
    static final List<String> LEADER_ONLY_ROUTES = List.of("start-sweep", "refresh-customer");

    private final RciConfig config;
    private final Instance<KubernetesClient> kubernetes;
    private final Shards shards;

    public LeaderElection(RciConfig config, Instance<KubernetesClient> kubernetes, Shards shards) {
        this.config = config;
        this.shards = shards;
        this.kubernetes = kubernetes;
    }

    /** After every route is read (Java and YAML), before any starts: the consumers are still only definitions. */
    void afterRoutesAreRead(@Observes AfterConfigure event) throws Exception {
        CamelContext camel = event.getMain().getCamelContext();
        List<RouteDefinition> routes = shards.count() == 1
                ? LEADER_ONLY_ROUTES.stream().map(id -> route(camel, id)).toList()
                : List.of();
        LeaderElectionConfig election = config.leaderElection();
        if (!election.enabled()) {
            return;
        }
        String pod = election.podName()
                .filter(name -> !name.isBlank())
                .or(() -> Optional.ofNullable(System.getenv("HOSTNAME")).filter(name -> !name.isBlank()))
                .orElseThrow(
                        () -> new ConfigurationException(
                                "rci.leader-election.enabled is true but this pod has no"
                                        + " name: set rci.leader-election.pod-name (the Deployment in k8s/ sets it from metadata.name)."));
        checkTimings(election.leaseDuration(), election.renewDeadline(), election.retryPeriod());
        Map<String, String> members = selector(election.podSelector().orElse(""));

        KubernetesConfiguration client = new KubernetesConfiguration();
        client.setKubernetesClient(kubernetes.get());
        KubernetesClusterService cluster = new KubernetesClusterService(client);
        cluster.setId("rci-stream-lease");
        cluster.setKubernetesResourceName(LEASE_PREFIX);
        cluster.setPodName(pod);
        cluster.setClusterLabels(members);
        cluster.setLeaseDurationMillis(election.leaseDuration().toMillis());
        cluster.setRenewDeadlineMillis(election.renewDeadline().toMillis());
        cluster.setRetryPeriodMillis(election.retryPeriod().toMillis());
        if (shards.count() == 1) {
            camel.addService(cluster);
            routes.forEach(route -> lead(route, GROUP));
            LOG.infof(
                    "leader election: pod %s competes for the Lease %s-%s with the pods %s; %s run only while it leads",
                    pod,
                    LEASE_PREFIX,
                    GROUP,
                    members.isEmpty() ? "of its namespace" : "labelled " + members,
                    String.join(" and ", LEADER_ONLY_ROUTES));
            return;
        }
        // Every Ready pod leads an even share of the shards: Camel's rebalancing service takes or yields Leases until
        // the counts differ by one at most. It alone is registered, for the master: endpoints to find.
        camel.addService(new RebalancingCamelClusterService(
                cluster, election.retryPeriod().toMillis()));
        shards.ledBy(shard -> cluster.isLeader(shards.name(shard)));
        for (int shard = 0; shard < shards.count(); shard++) {
            lead(route(camel, "start-sweep-" + shards.name(shard)), shards.name(shard));
        }
        // the refresh consumer goes with the first shard: a Lease of its own would make the split uneven by one
        lead(route(camel, LEADER_ONLY_ROUTES.get(1)), shards.name(0));
        LOG.infof(
                "leader election: pod %s shares %d shards of the accounts (Leases %s-%s to -%02d; the first one's"
                        + " leader consumes the refresh requests) with the pods %s",
                pod,
                shards.count(),
                LEASE_PREFIX,
                shards.name(0),
                shards.count() - 1,
                members.isEmpty() ? "of its namespace" : "labelled " + members);
    }

    /** The route's consumer runs only on the pod that leads the group. */
    private static void lead(RouteDefinition route, String group) {
        // A route built on an endpoint object (RefreshRoute configures its Kafka endpoint in Java) keeps it: Camel
        // registered it under its URI, by which the master: endpoint looks its delegate up.
        route.getInput().setUri("master:" + group + ":" + route.getInput().getEndpointUri());
    }

    private static RouteDefinition route(CamelContext camel, String id) {
        RouteDefinition route = ((ModelCamelContext) camel).getRouteDefinition(id);
        if (route == null || route.getInput() == null || route.getInput().getEndpointUri() == null) {
            // a renamed route would otherwise run on every replica without a word
            throw new IllegalStateException("leader election names the route " + id + ", which has no endpoint URI");
        }
        return route;
    }

    /** The order Camel requires, checked here so that a wrong value stops the start with one sentence. */
    static void checkTimings(Duration lease, Duration renew, Duration retry) {
        // Camel adds up to 20% of jitter to the retry period
        if (retry.isNegative()
                || retry.isZero()
                || renew.toMillis() <= retry.toMillis() * 1.2
                || lease.compareTo(renew) <= 0) {
            throw new ConfigurationException("rci.leader-election: lease-duration (" + lease.toMillis()
                    + " ms) must be longer than renew-deadline (" + renew.toMillis() + " ms), which must be longer than"
                    + " 1.2 x retry-period (" + retry.toMillis() + " ms).");
        }
    }

    /** A label selector of equalities, key=value[,key=value...], as kubectl's -l takes it. */
    static Map<String, String> selector(String text) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (String pair : text.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0 || eq == pair.length() - 1 || pair.indexOf('=', eq + 1) >= 0 || pair.contains("!")) {
                throw new ConfigurationException("rci.leader-election.pod-selector '" + text + "' is not a list of"
                        + " key=value labels separated by commas, such as app.kubernetes.io/name=rci-stream.");
            }
            labels.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return labels;
    }
}
