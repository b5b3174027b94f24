package com.rcistream.api;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.support.ExpressionAdapter;

import com.rcistream.accounts.Account;
import com.rcistream.accounts.Accounts;
import com.rcistream.config.RciConfig;
import com.rcistream.errors.RateLimitedException;
import com.rcistream.exchange.Endpoints;
import com.rcistream.exchange.ExchangeProperties;

/**
 * Every call to the RCI API: one shared throttle, the bearer token added and removed again, the answer classified
 * into typed failures. These routes have no error handler of their own: a failure goes back to the calling route,
 * whose error policy retries the whole call (throttle included) or dead-letters it.
 */
@ApplicationScoped
public class ApiCallRoute extends RouteBuilder {

    static final String CALL_API = "direct:call-api";
    static final String SEND_REQUEST = "direct:send-request";
    static final String PASS_THROTTLE = "direct:pass-throttle";
    static final String HTTP_ENDPOINT = "http:rci-api?throwExceptionOnFailure=false";

    private final RciConfig config;
    private final BoundedAnswers bounded;
    private final Accounts accounts;

    public ApiCallRoute(RciConfig config, BoundedAnswers bounded, Accounts accounts) {
        this.config = config;
        this.bounded = bounded;
        this.accounts = accounts;
    }

    @Override
    public void configure() {
        configureHttpClient();
        errorHandler(noErrorHandler());

        // Every API call: a 429 is sent again here on its own count, never using up the 5xx/timeout retries.
        from(CALL_API)
                .routeId("call-api")
                .setProperty(ExchangeProperties.RATE_LIMITED_IN_A_ROW, constant(0))
                .setProperty(ExchangeProperties.SEND_AGAIN, constant(true))
                .loopDoWhile(exchangeProperty(ExchangeProperties.SEND_AGAIN).isEqualTo(true))
                .setProperty(ExchangeProperties.SEND_AGAIN, constant(false))
                .doTry()
                .to(SEND_REQUEST)
                .doCatch(RateLimitedException.class)
                .bean("apiClient", "afterRateLimit")
                .end()
                .end();

        // One request through the gate (held while the API asks us to wait) and one throttle spreading the budget.
        // The gate is checked again behind the throttle: a call that waited there while another met a 429 waits out
        // that pause too, then queues for the throttle again, so the calls held by a pause do not leave together.
        from(SEND_REQUEST)
                .routeId("send-request")
                .setProperty(ExchangeProperties.THROUGH_GATE, constant(false))
                .loopDoWhile(exchangeProperty(ExchangeProperties.THROUGH_GATE).isEqualTo(false))
                .bean("apiClient", "awaitGate")
                .to(PASS_THROTTLE)
                .bean("apiClient", "gateStillOpen")
                .end()
                .bean("apiClient", "prepare")
                .doTry()
                .to(HTTP_ENDPOINT)
                .doFinally()
                .bean("apiClient", "afterSend")
                .end()
                .bean("apiClient", "classify");

        // The throttle every API call passes, spreading its account's budget evenly over the minute: one per account
        // (the budget is per token), so that no account waits on another's calls; a route per budget in use.
        from(PASS_THROTTLE).routeId("pass-throttle").recipientList(new ExpressionAdapter() {
            @Override
            public Object evaluate(Exchange exchange) {
                return PASS_THROTTLE + "-" + spacingMillis(accounts.of(exchange));
            }
        });
        config.apiSpacingsMillis()
                .forEach(spacing -> from(PASS_THROTTLE + "-" + spacing)
                        .routeId("pass-throttle-" + spacing)
                        .throttle(1)
                        .correlationExpression(new ExpressionAdapter() {
                            @Override
                            public Object evaluate(Exchange exchange) {
                                return exchange.getProperty(ExchangeProperties.ACCOUNT, "", String.class);
                            }
                        })
                        .totalRequestsMode()
                        .timePeriodMillis(spacing));

        // A list page, fetched and read as one step, so that a retry fetches it again instead of re-reading a bad body.
        from(Endpoints.GET_PAGE).routeId("get-page").to(CALL_API).bean("rciApi", "readPage");

        // A single customer, fetched and read as one step.
        from(Endpoints.GET_CUSTOMER).routeId("get-customer").to(CALL_API).bean("rciApi", "readSingle");
    }

    /** Milliseconds between two calls of the account: of its own budget, or of rci.api.requests-per-minute. */
    private long spacingMillis(Account account) {
        return config.apiSpacingMillis(
                account.requestsPerMinute().orElse(config.api().requestsPerMinute()));
    }

    private void configureHttpClient() {
        HttpComponent http = getContext().getComponent("http", HttpComponent.class);
        // HttpClient 5.5+ would otherwise obey Retry-After on its own and block; retries are the route's decision.
        http.setAutomaticRetriesDisabled(true);
        http.setConnectTimeout(config.api().connectTimeout().toMillis());
        http.setConnectionRequestTimeout(config.api().connectTimeout().toMillis());
        http.setResponseTimeout(config.api().readTimeout().toMillis());
        http.setSoTimeout(config.api().readTimeout().toMillis());
        // a size limit on every answer (after decompression) and one deadline for the whole request
        http.setHttpClientConfigurer(bounded);
    }
}
