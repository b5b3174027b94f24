package com.rcistream.topics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.ProcessorDefinitionHelper;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.ToDefinition;
import org.apache.camel.model.ToDynamicDefinition;
import org.jboss.logging.Logger;

import io.quarkus.runtime.annotations.RegisterForReflection;

import com.rcistream.config.RciConfig;
import com.rcistream.exchange.Endpoints;

/**
 * The Kafka topics the integrator's rule routes publish customers to: every {@code kafka:} endpoint a {@code rule-*}
 * route names, found in the route model when the routes are loaded, plus the topics a rule declares in
 * {@code rci.rules.<id>.topics} (a topic computed at run time). They are the bundle's topics: created and checked at
 * start, and tombstoned when a customer is redacted, whatever the rule itself does.
 */
@ApplicationScoped
@Named("ruleTopics")
@RegisterForReflection
public class RuleTopics {

    private static final Logger LOG = Logger.getLogger(RuleTopics.class);

    private final CamelContext context;
    private final RciConfig config;
    private volatile Map<String, Boolean> found;

    public RuleTopics(CamelContext context, RciConfig config) {
        this.context = context;
        this.config = config;
    }

    /** Topic name to whether it is compacted, read once from the loaded routes (they do not change after start). */
    public Map<String, Boolean> topics() {
        Map<String, Boolean> topics = found;
        if (topics == null) {
            synchronized (this) {
                if (found == null) {
                    found = read();
                }
                topics = found;
            }
        }
        return topics;
    }

    /** One Kafka endpoint per rule topic, for a recipient list that sends a redacted customer's tombstone to each. */
    public List<String> tombstoneEndpoints() {
        // built at run time from names found in the routes: a recipient list takes endpoint URIs, not placeholders
        return topics().keySet().stream().map(topic -> "kafka:" + topic).toList();
    }

    private Map<String, Boolean> read() {
        Map<String, Boolean> topics = new LinkedHashMap<>();
        Model model = context.getCamelContextExtension().getContextPlugin(Model.class);
        for (RouteDefinition route : model.getRouteDefinitions()) {
            String id = route.getRouteId();
            if (id == null || !id.startsWith(Endpoints.RULE_PREFIX)) {
                continue;
            }
            RciConfig.Rule declared = config.rules().get(id);
            for (String uri : sendUris(route)) {
                String resolved = context.resolvePropertyPlaceholders(uri);
                if (resolved.contains("${")) {
                    LOG.warnf(
                            "rule route %s sends to %s, a topic computed at run time: declare its topics in"
                                    + " rci.rules.%s.topics so that they are created and a redacted customer is erased there",
                            id, uri, id);
                } else if (topicOf(resolved) != null) {
                    topics.put(topicOf(resolved), declared == null || declared.compacted());
                }
            }
        }
        config.rules()
                .forEach((id, rule) -> rule.topics()
                        .orElse(List.of())
                        .forEach(topic -> topics.putIfAbsent(topic.trim(), rule.compacted())));
        if (!topics.isEmpty()) {
            LOG.infof("rule routes publish to %s", topics.keySet());
        }
        return topics;
    }

    private static List<String> sendUris(RouteDefinition route) {
        List<String> uris = new ArrayList<>();
        ProcessorDefinitionHelper.filterTypeInOutputs(route.getOutputs(), ToDefinition.class)
                .forEach(to -> uris.add(to.getEndpointUri()));
        ProcessorDefinitionHelper.filterTypeInOutputs(route.getOutputs(), ToDynamicDefinition.class)
                .forEach(to -> uris.add(to.getUri()));
        return uris;
    }

    /** The topic of a kafka: endpoint URI, or null for any other endpoint. */
    static String topicOf(String uri) {
        String rest =
                uri.startsWith("kafka://") ? uri.substring(8) : uri.startsWith("kafka:") ? uri.substring(6) : null;
        if (rest == null) {
            return null;
        }
        int q = rest.indexOf('?');
        return q < 0 ? rest : rest.substring(0, q);
    }
}
