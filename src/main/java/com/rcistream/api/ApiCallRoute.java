package com.rcistream.api;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.http.HttpComponent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.rcistream.config.ApiToken;
import com.rcistream.config.RciConfig;
import com.rcistream.sweep.SweepProgress;
import com.rcistream.sweep.SweepProperties;

/**
 * Every call to the RCI API: one shared throttle, the bearer token added and removed again, the answer classified
 * into typed failures. These routes have no error handler of their own: a failure goes back to the calling route,
 * whose error policy retries the whole call (throttle included) or dead-letters it.
 */
@ApplicationScoped
public class ApiCallRoute extends RouteBuilder {

    public static final String CALL_API = "direct:call-api";
    public static final String GET_PAGE = "direct:get-page";
    public static final String GET_CUSTOMER = "direct:get-customer";
    /** How many times the current request URL has been sent, for the dead-letter envelope. */
    public static final String ATTEMPTS = "rciAttempts";
    static final String HTTP_ENDPOINT = "http:rci-api?throwExceptionOnFailure=false";
    private static final String ATTEMPTED_URL = "rciAttemptedUrl";
    private static final String SEND_REQUEST = "direct:send-request";
    /** The fingerprint (never the value) of the token a request carried, so a 401 blocks that token only. */
    private static final String TOKEN_SENT = "rciTokenSent";
    private static final String SEND_AGAIN = "rciSendAgain";
    private static final String RATE_LIMITED_IN_A_ROW = "rciRateLimitedInARow";
    /** Camel's own redelivery bookkeeping, kept when every other header is cleared. */
    public static final String REDELIVERY_HEADERS = "CamelRedelivery*";

    private final RciConfig config;
    private final ApiToken token;
    private final ApiGate gate;
    private final ApiAuth auth;
    private final JsonApiReader reader;

    public ApiCallRoute(RciConfig config, ApiToken token, ApiGate gate, ApiAuth auth, ObjectMapper mapper) {
        this.config = config;
        this.token = token;
        this.gate = gate;
        this.auth = auth;
        this.reader = new JsonApiReader(mapper);
    }

    @Override
    public void configure() {
        configureHttpClient();
        errorHandler(noErrorHandler());

        // Every API call: a 429 is sent again here on its own count, never using up the 5xx/timeout retries.
        from(CALL_API).routeId("call-api")
                .setProperty(RATE_LIMITED_IN_A_ROW, constant(0))
                .setProperty(SEND_AGAIN, constant(true))
                .loopDoWhile(exchangeProperty(SEND_AGAIN).isEqualTo(true))
                    .setProperty(SEND_AGAIN, constant(false))
                    .doTry()
                        .to(SEND_REQUEST)
                    .doCatch(RateLimitedException.class)
                        .process(this::sendAgainAfterRateLimit)
                    .end()
                .end();

        // One request through the gate (held while the API asks us to wait) and one throttle spreading the budget.
        from(SEND_REQUEST).routeId("send-request")
                .process(this::awaitGate)
                .throttle(1).totalRequestsMode().timePeriodMillis(spacingMillis())
                .process(this::prepareRequest)
                .doTry()
                    .to(HTTP_ENDPOINT)
                .doFinally()
                    .removeHeader("Authorization")
                .end()
                .process(this::classifyResponse);

        // A list page, fetched and read as one step, so that a retry fetches it again instead of re-reading a bad body.
        from(GET_PAGE).routeId("get-page")
                .to(CALL_API)
                .process(exchange -> exchange.getMessage().setBody(
                        reader.readPage(exchange.getMessage().getBody(String.class))));

        // A single customer, fetched and read as one step.
        from(GET_CUSTOMER).routeId("get-customer")
                .to(CALL_API)
                .process(exchange -> exchange.getMessage().setBody(
                        reader.readSingle(exchange.getMessage().getBody(String.class))));
    }

    /** Milliseconds between two calls: the minute divided by the budget, plus a margin for network jitter. */
    long spacingMillis() {
        int perMinute = config.api().requestsPerMinute();
        return (60_000L + perMinute - 1) / perMinute + config.api().spacingMargin().toMillis();
    }

    private void configureHttpClient() {
        HttpComponent http = getContext().getComponent("http", HttpComponent.class);
        // HttpClient 5.5+ would otherwise obey Retry-After on its own and block; retries are the route's decision.
        http.setAutomaticRetriesDisabled(true);
        http.setConnectTimeout(config.api().connectTimeout().toMillis());
        http.setConnectionRequestTimeout(config.api().connectTimeout().toMillis());
        http.setResponseTimeout(config.api().readTimeout().toMillis());
        http.setSoTimeout(config.api().readTimeout().toMillis());
    }

    /**
     * A 429 is not a failure: the gate already holds every call for Retry-After (or a backoff), so the request is
     * sent again, up to rci.api.max-rate-limited-retries times in a row; past that the 429 goes to the error policy.
     */
    private void sendAgainAfterRateLimit(Exchange exchange) throws Exception {
        int inARow = exchange.getProperty(RATE_LIMITED_IN_A_ROW, 0, Integer.class) + 1;
        exchange.setProperty(RATE_LIMITED_IN_A_ROW, inARow);
        if (inARow > config.api().maxRateLimitedRetries()) {
            throw exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        }
        exchange.setProperty(SEND_AGAIN, true);
    }

    private void awaitGate(Exchange exchange) throws InterruptedException {
        String held = auth.reason();
        if (held != null) {
            throw new TokenRefusedException("not calling the RCI API: " + held);
        }
        gate.awaitOpen();
    }

    private void prepareRequest(Exchange exchange) {
        String url = exchange.getProperty(SweepProperties.REQUEST_URL, String.class);
        if (!url.equals(exchange.getProperty(ATTEMPTED_URL))) {
            exchange.setProperty(ATTEMPTED_URL, url);
            exchange.setProperty(ATTEMPTS, 0);
        }
        exchange.setProperty(ATTEMPTS, exchange.getProperty(ATTEMPTS, 0, Integer.class) + 1);
        SweepProgress progress = exchange.getProperty(SweepProperties.PROGRESS, SweepProgress.class);
        if (progress != null) {
            progress.requestSent();
        }
        var in = exchange.getMessage();
        // Only what the API needs leaves the process: no header of an earlier step becomes an HTTP header. The
        // error handler's redelivery counter is a header too, and must survive, or retries would never end.
        in.removeHeaders("*", REDELIVERY_HEADERS);
        in.setBody(null);
        int q = url.indexOf('?');
        in.setHeader(Exchange.HTTP_URI, q < 0 ? url : url.substring(0, q));
        if (q >= 0) {
            in.setHeader(Exchange.HTTP_RAW_QUERY, url.substring(q + 1));
        }
        in.setHeader(Exchange.HTTP_METHOD, "GET");
        in.setHeader("Accept", "application/vnd.api+json");
        in.setHeader("Authorization", token.authorizationHeader());
        exchange.setProperty(TOKEN_SENT, token.fingerprint());
    }

    private void classifyResponse(Exchange exchange) {
        var msg = exchange.getMessage();
        msg.removeHeader("Authorization");
        int status = msg.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String retryAfter = msg.getHeader("Retry-After", String.class);
        byte[] bytes = msg.getBody(byte[].class);
        String body = bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
        msg.removeHeaders("*", REDELIVERY_HEADERS);
        String url = UrlSanitizer.sanitize(exchange.getProperty(SweepProperties.REQUEST_URL, String.class));
        if (status == 429) {
            int inARow = gate.rateLimited();
            gate.pause(RetryAfter.waitFor(retryAfter, inARow, config.api().retryBackoff(), config.api().retryAfterMax(),
                    Instant.now()));
            SweepProgress progress = exchange.getProperty(SweepProperties.PROGRESS, SweepProgress.class);
            if (progress != null) {
                progress.rateLimited();
            }
            throw new RateLimitedException(url, body, retryAfter);
        }
        gate.passed();
        if (status == 401) {
            auth.refused(url, exchange.getProperty(TOKEN_SENT, String.class));
            throw new UnauthorizedException(url, body);
        }
        if (status >= 500) {
            throw new ServerErrorException(status, url, body, retryAfter);
        }
        if (status < 200 || status > 299) {
            throw new ApiResponseException(status, url, body, retryAfter);
        }
        msg.setBody(body);
    }
}
