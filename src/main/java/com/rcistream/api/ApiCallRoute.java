package com.rcistream.api;

import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.http.HttpComponent;

import com.rcistream.config.ApiToken;
import com.rcistream.config.RciConfig;
import com.rcistream.errors.ErrorPolicy;
import com.rcistream.sweep.SweepProgress;
import com.rcistream.sweep.SweepProperties;

/** Every call to the RCI API: one shared throttle, the bearer token added and removed again, the answer classified. */
@ApplicationScoped
public class ApiCallRoute extends RouteBuilder {

    public static final String CALL_API = "direct:call-api";
    static final String HTTP_ENDPOINT = "http:rci-api?throwExceptionOnFailure=false";

    private final RciConfig config;
    private final ApiToken token;

    public ApiCallRoute(RciConfig config, ApiToken token) {
        this.config = config;
        this.token = token;
    }

    @Override
    public void configure() {
        configureHttpClient();

        // One throttle for every API call: permits spread evenly across the minute, so neither a sliding window,
        // a fixed window nor a leaky bucket on the API side ever sees more than the account's budget.
        from(CALL_API).routeId("call-api")
                .routeConfigurationId(ErrorPolicy.ID)
                .throttle(1).totalRequestsMode().timePeriodMillis(spacingMillis())
                .process(this::prepareRequest)
                .to(HTTP_ENDPOINT)
                .process(this::classifyResponse);
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

    private void prepareRequest(Exchange exchange) {
        String url = exchange.getProperty(SweepProperties.REQUEST_URL, String.class);
        SweepProgress progress = exchange.getProperty(SweepProperties.PROGRESS, SweepProgress.class);
        if (progress != null) {
            progress.requestSent();
        }
        var in = exchange.getMessage();
        // Only what the API needs leaves the process: no header of an earlier step becomes an HTTP header.
        in.removeHeaders("*");
        in.setBody(null);
        int q = url.indexOf('?');
        in.setHeader(Exchange.HTTP_URI, q < 0 ? url : url.substring(0, q));
        if (q >= 0) {
            in.setHeader(Exchange.HTTP_RAW_QUERY, url.substring(q + 1));
        }
        in.setHeader(Exchange.HTTP_METHOD, "GET");
        in.setHeader("Accept", "application/vnd.api+json");
        in.setHeader("Authorization", token.authorizationHeader());
    }

    private void classifyResponse(Exchange exchange) {
        var msg = exchange.getMessage();
        msg.removeHeader("Authorization");
        int status = msg.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String retryAfter = msg.getHeader("Retry-After", String.class);
        byte[] bytes = msg.getBody(byte[].class);
        String body = bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
        msg.removeHeaders("*");
        String url = UrlSanitizer.sanitize(exchange.getProperty(SweepProperties.REQUEST_URL, String.class));
        if (status < 200 || status > 299) {
            throw new ApiResponseException(status, url, body, retryAfter);
        }
        msg.setBody(body);
    }
}
