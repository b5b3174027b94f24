package com.rcistream.topics;

import java.net.URISyntaxException;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Named;

import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.quarkus.main.events.BeforeStart;
import org.apache.camel.util.URISupport;
import org.jboss.logging.Logger;

import io.quarkus.runtime.annotations.RegisterForReflection;

import com.rcistream.config.RciConfig;
import com.rcistream.exchange.Endpoints;

/**
 * The Kafka endpoints the integrator's rule routes publish customers to, found in the route model when the routes are
 * loaded ({@link RuleDestinations}: every {@code kafka:} endpoint a {@code rule-*} route, or a route it calls with
 * {@code direct:}, sends to, options kept), plus the topics a rule declares in {@code rci.rules.<id>.topics} (a topic
 * computed at run time). A redacted customer gets a tombstone on each of those endpoints, whatever the rule itself
 * does; a rule whose destinations cannot be known stops the start. The topics on the bundle's own cluster (no
 * {@code brokers=} of their own) are created and checked at start like the built-in ones.
 */
@ApplicationScoped
@Named("ruleTopics")
@RegisterForReflection
public class RuleTopics {

    private static final Logger LOG = Logger.getLogger(RuleTopics.class);

    private final CamelContext context;
    private final RciConfig config;
    private volatile Found found;

    /** What the routes say, read once: they do not change after start. */
    private record Found(Map<String, Boolean> topics, List<String> endpoints) {}

    public RuleTopics(CamelContext context, RciConfig config) {
        this.context = context;
        this.config = config;
    }

    /** Before any route starts: a rule whose destinations cannot be known stops the start with one sentence. */
    void atStart(@Observes BeforeStart event) {
        found();
    }

    /** Topic name to whether it is compacted: the rules' topics on the bundle's cluster, which it creates and checks. */
    public Map<String, Boolean> topics() {
        return found().topics();
    }

    /**
     * The endpoint URIs a redacted customer's tombstone goes to, for a recipient list: each as a rule names it (its
     * cluster, security and other options kept), a declared topic with the options of the send that computes it.
     */
    public List<String> tombstoneEndpoints() {
        return found().endpoints();
    }

    private Found found() {
        Found read = found;
        if (read == null) {
            synchronized (this) {
                if (found == null) {
                    found = read();
                }
                read = found;
            }
        }
        return read;
    }

    private Found read() {
        Map<String, Boolean> topics = new LinkedHashMap<>();
        Map<String, String> endpoints = new LinkedHashMap<>();
        Model model = context.getCamelContextExtension().getContextPlugin(Model.class);
        RuleDestinations destinations = new RuleDestinations(context, model.getRouteDefinitions());
        Set<String> routed = new HashSet<>();
        for (RouteDefinition route : model.getRouteDefinitions()) {
            String id = route.getRouteId();
            if (id == null || !id.startsWith(Endpoints.RULE_PREFIX)) {
                continue;
            }
            routed.add(id);
            RciConfig.Rule rule = config.rules().get(id);
            List<String> declared = declared(rule);
            boolean compacted = rule == null || rule.compacted();
            List<RuleDestinations.Send> sends = destinations.of(route, !declared.isEmpty());
            for (RuleDestinations.Send send : sends) {
                if (send.topic() != null) {
                    add(send, compacted, topics, endpoints);
                }
            }
            // a declared topic is erased with the options of each send that computes its topic (none: the bundle's)
            List<String> optionsOfComputed = sends.stream()
                    .filter(send -> send.topic() == null)
                    .map(send -> Objects.toString(send.options(), ""))
                    .distinct()
                    .toList();
            for (String options : optionsOfComputed.isEmpty() ? List.of("") : optionsOfComputed) {
                declared.forEach(topic -> add(
                        new RuleDestinations.Send(topic, options.isEmpty() ? null : options),
                        compacted,
                        topics,
                        endpoints));
            }
        }
        config.rules().forEach((id, rule) -> {
            if (!routed.contains(id)) {
                declared(rule)
                        .forEach(topic ->
                                add(new RuleDestinations.Send(topic, null), rule.compacted(), topics, endpoints));
            }
        });
        if (!endpoints.isEmpty()) {
            LOG.infof("rule routes publish to %s", endpoints.values());
        }
        return new Found(Collections.unmodifiableMap(topics), List.copyOf(endpoints.values()));
    }

    private static List<String> declared(RciConfig.Rule rule) {
        return rule == null
                ? List.of()
                : rule.topics().orElse(List.of()).stream().map(String::trim).toList();
    }

    /** One endpoint once, whatever the order of its options; its topic is the bundle's when on the bundle's cluster. */
    private static void add(
            RuleDestinations.Send send, boolean compacted, Map<String, Boolean> topics, Map<String, String> endpoints) {
        String uri = send.uri();
        String key;
        try {
            key = URISupport.normalizeUri(uri);
        } catch (URISyntaxException e) {
            key = uri;
        }
        endpoints.putIfAbsent(key, uri);
        if (send.option("brokers") == null) {
            topics.putIfAbsent(send.topic(), compacted);
        }
    }
}
