package com.rcistream.simulator;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Serves the simulator on this application's own HTTP server when {@code rci.simulator.enabled=true}: the API under
 * {@code /api/v1} and a few admin endpoints under {@code /_sim} for demos and out-of-process tests. A thin layer:
 * every decision is {@link SimulatedApi}'s or {@link Simulator}'s. Slow answers wait on a Vert.x timer, never on the
 * event loop.
 */
@ApplicationScoped
public class SimulatorRoutes {

    private static final Logger LOG = Logger.getLogger(SimulatorRoutes.class);
    private static final String CURSOR_PARAM = "page[cursor]";

    private final SimulatorConfig config;
    private final Simulator simulator;
    private final SimulatorAccounts accounts;

    @Inject
    SimulatorRoutes(SimulatorConfig config, Simulator simulator, SimulatorAccounts accounts) {
        this.config = config;
        this.simulator = simulator;
        this.accounts = accounts;
    }

    void register(@Observes Router router) {
        if (!config.enabled()) {
            return;
        }
        router.route(Simulator.API_PATH + "/*").handler(this::serveApi);
        router.get("/_sim/stats")
                .handler(ctx -> sendJson(ctx, 200, accounts.stats().toString()));
        router.get("/_sim/requests").handler(ctx -> sendJson(ctx, 200, requestLog()));
        router.post("/_sim/mutate").blockingHandler(this::mutate);
        router.post("/_sim/reset").blockingHandler(ctx -> {
            accounts.reset();
            sendJson(ctx, 200, accounts.stats().toString());
        });
        router.post("/_sim/expire-cursors").handler(ctx -> {
            accounts.expireCursors();
            sendJson(ctx, 200, accounts.stats().toString());
        });
        // touching the bean builds it now, so a bad simulator setting fails the start rather than the first request
        LOG.infof(
                "RCI simulator enabled: %d customers under %s in %d accounts (%s limiter, %d per %s each)",
                simulator.size(),
                Simulator.API_PATH,
                1 + accounts.ids().size(),
                config.rateLimit().algorithm(),
                config.rateLimit().requests(),
                config.rateLimit().window());
    }

    private void serveApi(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        SimulatedResponse answer = accounts.handle(new SimulatedRequest(
                request.method().name(),
                ctx.normalizedPath(),
                request.uri(),
                request.getParam(CURSOR_PARAM),
                request.getHeader("Authorization"),
                originOf(request)));
        if (answer.delay().isZero()) {
            write(ctx, answer);
        } else {
            ctx.vertx().setTimer(Math.max(1, answer.delay().toMillis()), timerId -> write(ctx, answer));
        }
    }

    private void mutate(RoutingContext ctx) {
        int count;
        try {
            count = Integer.parseInt(ctx.request().getParam("count", "1"));
        } catch (NumberFormatException e) {
            sendJson(ctx, 400, "{\"error\":\"count must be an integer\"}");
            return;
        }
        List<String> changed;
        try {
            changed = accounts.account(ctx.request().getParam("account")).mutate(count);
        } catch (IllegalArgumentException e) {
            ObjectNode error = JsonNodeFactory.instance.objectNode().put("error", e.getMessage());
            sendJson(ctx, 400, error.toString());
            return;
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("count", changed.size());
        changed.forEach(body.putArray("ids")::add);
        sendJson(ctx, 200, body.toString());
    }

    /** The requests answered, oldest first: when, what, for which account and with which status (never a token). */
    private String requestLog() {
        var list = JsonNodeFactory.instance.arrayNode();
        accounts.requests().forEach(r -> {
            ObjectNode entry = list.addObject()
                    .put("time", r.time().toString())
                    .put("method", r.method())
                    .put("path", r.pathAndQuery())
                    .put("status", r.status());
            if (r.account() != null) {
                entry.put("account", r.account());
            }
        });
        return list.toString();
    }

    private static void write(RoutingContext ctx, SimulatedResponse answer) {
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.closed()) {
            return; // the client gave up while a slow answer was held back
        }
        response.setStatusCode(answer.status());
        for (Map.Entry<String, String> header : answer.headers().entrySet()) {
            response.putHeader(header.getKey(), header.getValue());
        }
        if (answer.shape() != null) {
            StreamedBodies.write(ctx.vertx(), response, answer);
            return;
        }
        response.end(answer.body());
    }

    private static void sendJson(RoutingContext ctx, int status, String body) {
        ctx.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(body);
    }

    /** Scheme and Host header as the client sent them, so links work on whatever port the app listens on. */
    private static String originOf(HttpServerRequest request) {
        String host = request.getHeader("Host");
        if (host == null || host.isBlank()) {
            HostAndPort authority = request.authority();
            host = authority == null
                    ? "localhost"
                    : authority.port() > 0 ? authority.host() + ":" + authority.port() : authority.host();
        }
        return request.scheme() + "://" + host;
    }
}
