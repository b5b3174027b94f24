package com.rcistream.events;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Expression;
import org.apache.camel.Route;

import io.quarkus.runtime.annotations.RegisterForReflection;

import com.rcistream.exchange.Endpoints;

/**
 * Finds the integrator's own fan-out rules: every route whose id starts with {@code rule-} and that consumes a
 * {@code direct:} endpoint. The fan-out sends each customer to all of them (a redacted one with a null body, before
 * the bundle erases it from their topics), so a rule is added by dropping a YAML file into routes/, without touching
 * the shipped fan-out or recompiling.
 */
@ApplicationScoped
@Named("customRules")
@RegisterForReflection
public class CustomRules implements Expression {

    private final CamelContext context;
    private volatile List<String> endpoints;

    public CustomRules(CamelContext context) {
        this.context = context;
    }

    /**
     * The rules' endpoints as an expression, for the fan-out's recipient list ({@code ref: customRules}): read
     * directly, where a bean method call would copy the exchange for each customer.
     */
    @Override
    public <T> T evaluate(Exchange exchange, Class<T> type) {
        return exchange.getContext().getTypeConverter().convertTo(type, exchange, endpoints());
    }

    /** The direct endpoints of the rule routes, for a recipient list (routes do not change after start). */
    public List<String> endpoints() {
        List<String> found = endpoints;
        if (found == null) {
            found = context.getRoutes().stream()
                    .filter(route -> route.getRouteId().startsWith(Endpoints.RULE_PREFIX))
                    .map(Route::getEndpoint)
                    .map(endpoint -> endpoint.getEndpointUri())
                    .filter(uri -> uri.startsWith("direct:") || uri.startsWith("direct://"))
                    .sorted()
                    .toList();
            endpoints = found;
        }
        return found;
    }
}
