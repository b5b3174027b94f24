package com.rcistream.topics;

import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.model.DynamicRouterDefinition;
import org.apache.camel.model.EnrichDefinition;
import org.apache.camel.model.ExpressionNode;
import org.apache.camel.model.OnCompletionDefinition;
import org.apache.camel.model.OnExceptionDefinition;
import org.apache.camel.model.PollEnrichDefinition;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.ProcessorDefinitionHelper;
import org.apache.camel.model.RecipientListDefinition;
import org.apache.camel.model.RemoveHeaderDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.RoutingSlipDefinition;
import org.apache.camel.model.SetHeaderDefinition;
import org.apache.camel.model.SetHeadersDefinition;
import org.apache.camel.model.ToDefinition;
import org.apache.camel.model.ToDynamicDefinition;
import org.apache.camel.model.WireTapDefinition;
import org.apache.camel.model.language.ExpressionDefinition;
import org.apache.camel.util.URISupport;

import io.quarkus.runtime.configuration.ConfigurationException;

import com.rcistream.exchange.Endpoints;

/**
 * Where a rule route's records go, read from the route model: the {@code kafka:} endpoints (options kept) that the rule
 * and every other route it calls with {@code direct:} send to with {@code to} or {@code toD}. A rule whose records could
 * go where a redacted customer's tombstone (keyed by its id, on the endpoints found here) cannot follow is refused with
 * one sentence, which stops the start: a destination computed at run time and not declared, a recipient list, a routing
 * slip, a dynamic router, Kafka reached through a wire tap or an enricher, a topic set by header, a record re-keyed.
 */
final class RuleDestinations {

    /** A Kafka send: its topic and options (placeholders resolved), the topic null when computed at run time. */
    record Send(String topic, String options) {

        String uri() {
            return "kafka:" + topic + (options == null ? "" : "?" + options);
        }

        String option(String name) {
            try {
                return options == null
                        ? null
                        : (String) URISupport.parseQuery(options).get(name);
            } catch (URISyntaxException e) {
                return null;
            }
        }
    }

    private final CamelContext context;
    private final Map<String, RouteDefinition> byDirect = new HashMap<>();

    RuleDestinations(CamelContext context, List<RouteDefinition> routes) {
        this.context = context;
        for (RouteDefinition route : routes) {
            String input = route.getInput() == null ? null : route.getInput().getEndpointUri();
            String from = input == null ? null : resolve(route, input, false);
            if (from != null && "direct".equals(scheme(from))) {
                byDirect.put(path(from), route);
            }
        }
    }

    /** The Kafka sends of a rule route and of the routes it calls; {@code declared}: it declares rci.rules.<id>.topics. */
    List<Send> of(RouteDefinition rule, boolean declared) {
        return new Walk(rule.getRouteId(), declared).route(rule, null);
    }

    /** One rule's walk through the routes it calls, each route once (a cycle ends where it started). */
    private final class Walk {
        private final String rule;
        private final boolean declared;
        private final Map<String, List<Send>> visited = new HashMap<>();

        Walk(String rule, boolean declared) {
            this.rule = rule;
            this.declared = declared;
        }

        List<Send> route(RouteDefinition route, String via) {
            List<Send> known = visited.get(route.getRouteId());
            if (known != null) {
                return known;
            }
            List<Send> sends = new ArrayList<>();
            visited.put(route.getRouteId(), sends);
            for (ProcessorDefinition<?> node :
                    ProcessorDefinitionHelper.filterTypeInOutputs(route.getOutputs(), ProcessorDefinition.class)) {
                if (!handlesFailures(node)) {
                    sends.addAll(node(route, via, node));
                }
            }
            return sends;
        }

        private List<Send> node(RouteDefinition route, String via, ProcessorDefinition<?> node) {
            if (node instanceof RecipientListDefinition
                    || node instanceof RoutingSlipDefinition
                    || node instanceof DynamicRouterDefinition) {
                refuse(
                        via,
                        "uses " + node.getShortName() + ", whose destinations are known only at run time, so a"
                                + " redacted customer could not be erased there: send to each endpoint with a to: step");
            } else if (node instanceof WireTapDefinition<?> tap) {
                aside(route, via, "wireTap", tap.getUri());
            } else if (node instanceof EnrichDefinition || node instanceof PollEnrichDefinition) {
                aside(route, via, node.getShortName(), constantOf(((ExpressionNode) node).getExpression()));
            } else if (node instanceof ToDynamicDefinition to) {
                return send(route, via, to.getUri());
            } else if (node instanceof ToDefinition to) {
                return send(route, via, to.getEndpointUri());
            } else if (node instanceof SetHeaderDefinition header) {
                header(via, header.getName());
            } else if (node instanceof SetHeadersDefinition headers) {
                headers.getHeaders().forEach(header -> header(via, header.getName()));
            } else if (node instanceof RemoveHeaderDefinition header
                    && KafkaConstants.KEY.equalsIgnoreCase(header.getName())) {
                refuse(via, "removes the header " + KafkaConstants.KEY + ", " + REKEYED);
            }
            return List.of();
        }

        /** In an onException or onCompletion (the error policy's dead letters): not where the rule's records go. */
        private static boolean handlesFailures(ProcessorDefinition<?> node) {
            for (ProcessorDefinition<?> n = node; n != null; n = n.getParent()) {
                if (n instanceof OnExceptionDefinition || n instanceof OnCompletionDefinition) {
                    return true;
                }
            }
            return false;
        }

        /** A to or toD: a Kafka send, a route followed, or nothing the bundle erases (HTTP, log...). */
        private List<Send> send(RouteDefinition route, String via, String uri) {
            String resolved = resolve(route, uri, true);
            String scheme = scheme(resolved);
            if (scheme == null) {
                if (!declared) {
                    refuse(
                            via,
                            "sends to " + uri + ", an endpoint computed at run time, " + UNKNOWN + ": "
                                    + insteadOfComputed());
                }
                return List.of(new Send(null, null));
            }
            if ("direct".equals(scheme)) {
                if (resolved.contains("${")) {
                    refuse(
                            via,
                            "calls " + uri + ", a route computed at run time, which the bundle cannot follow to"
                                    + " erase a redacted customer: call each route with a to: direct: step of its own");
                }
                RouteDefinition called = byDirect.get(path(resolved));
                return called == null || called.getRouteId().startsWith(Endpoints.RULE_PREFIX)
                        ? List.of()
                        : route(called, called.getRouteId());
            }
            if (!"kafka".equals(scheme)) {
                return List.of();
            }
            String path = path(resolved);
            int q = resolved.indexOf('?');
            Send send = new Send(resolved.contains("${") ? null : path, q < 0 ? null : resolved.substring(q + 1));
            if (send.topic() == null
                    && (!declared || send.options() != null && send.options().contains("${"))) {
                refuse(via, "sends to " + uri + ", computed at run time, " + UNKNOWN + ": " + insteadOfComputed());
            }
            if (send.option("key") != null) {
                refuse(via, "sets the key of its records (key= on " + uri + "), " + REKEYED);
            }
            return List.of(send);
        }

        /** A wire tap or an enricher: allowed where it reaches no Kafka endpoint. */
        private void aside(RouteDefinition route, String via, String kind, String uri) {
            String resolved = uri == null ? null : resolve(route, uri, true);
            String scheme = resolved == null ? null : scheme(resolved);
            boolean kafka = "kafka".equals(scheme)
                    || scheme == null
                    || "direct".equals(scheme)
                            && (resolved.contains("${")
                                    || !send(route, via, resolved).isEmpty());
            if (kafka) {
                refuse(
                        via,
                        "uses " + kind + " to " + (uri == null ? "an endpoint computed at run time" : uri)
                                + ", which can reach Kafka where a redacted customer's tombstone would not follow: publish"
                                + " with a to: step");
            }
        }

        private void header(String via, String name) {
            if (KafkaConstants.KEY.equalsIgnoreCase(name)) {
                refuse(via, "sets the header " + KafkaConstants.KEY + ", " + REKEYED);
            } else if (KafkaConstants.OVERRIDE_TOPIC.equalsIgnoreCase(name)) {
                refuse(
                        via,
                        "sets the header " + KafkaConstants.OVERRIDE_TOPIC + ", so its records go to a topic"
                                + " no endpoint names and a redacted customer could not be erased there: name the topic in"
                                + " the kafka: endpoint (" + insteadOfComputed() + ")");
            }
        }

        private String insteadOfComputed() {
            return "declare its topics in rci.rules." + rule + ".topics and keep the scheme kafka: and the options"
                    + " constant, or name each endpoint in a to: step";
        }

        private void refuse(String via, String what) {
            throw new ConfigurationException(
                    "Rule route " + rule + (via == null ? "" : " (through route " + via + ")") + " " + what + ".");
        }
    }

    private static final String UNKNOWN = "so the bundle cannot know where to erase a redacted customer";
    private static final String REKEYED = "so its records are not keyed by the customer's id and a redacted"
            + " customer's tombstones (keyed by its id) could not erase them: leave the key the bundle set";

    /** A URI with the route's template parameters and the properties resolved; null where a placeholder is unknown. */
    private String resolve(RouteDefinition route, String uri, boolean required) {
        String text = uri;
        Map<String, Object> parameters = route.getTemplateParameters();
        if (parameters != null) {
            for (Map.Entry<String, Object> parameter : parameters.entrySet()) {
                text = text.replace("{{" + parameter.getKey() + "}}", String.valueOf(parameter.getValue()));
            }
        }
        try {
            return context.resolvePropertyPlaceholders(text);
        } catch (IllegalArgumentException e) {
            if (required) {
                throw e;
            }
            return null;
        }
    }

    /** An enricher's endpoint when its expression is a constant or a simple text; null when it is computed otherwise. */
    private static String constantOf(ExpressionDefinition expression) {
        String language = expression == null ? null : expression.getLanguage();
        return "constant".equals(language) || "simple".equals(language) ? expression.getExpression() : null;
    }

    /** A URI's scheme, or null when the scheme itself is computed at run time. */
    static String scheme(String uri) {
        int colon = uri.indexOf(':');
        String scheme = colon < 0 ? null : uri.substring(0, colon);
        return scheme == null || scheme.contains("$") || scheme.contains("{") ? null : scheme;
    }

    /** What follows a URI's scheme (and "//") up to its options: a topic, a direct: endpoint's name. */
    static String path(String uri) {
        String rest = uri.substring(uri.indexOf(':') + 1);
        rest = rest.startsWith("//") ? rest.substring(2) : rest;
        int q = rest.indexOf('?');
        return q < 0 ? rest : rest.substring(0, q);
    }
}
