package com.rcistream.api;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;

import io.quarkus.runtime.annotations.RegisterForReflection;

import com.rcistream.accounts.Account;
import com.rcistream.accounts.Accounts;
import com.rcistream.accounts.ApiGate;
import com.rcistream.config.ApiToken;
import com.rcistream.config.UrlSanitizer;
import com.rcistream.errors.ApiResponseException;
import com.rcistream.errors.FailurePolicy;
import com.rcistream.errors.RateLimitedException;
import com.rcistream.errors.ServerErrorException;
import com.rcistream.errors.TokenRefusedException;
import com.rcistream.errors.UnauthorizedException;
import com.rcistream.exchange.ExchangeProperties;
import com.rcistream.exchange.SweepProgress;

/**
 * The steps of one API call, as the call routes name them: wait for the gate, prepare the request (only what the API
 * needs leaves the process), classify the answer into typed failures, and decide whether a 429 is sent again.
 */
@ApplicationScoped
@Named("apiClient")
@RegisterForReflection
public class ApiClient {

    private final Accounts accounts;
    private final FailurePolicy policy;

    public ApiClient(Accounts accounts, FailurePolicy policy) {
        this.accounts = accounts;
        this.policy = policy;
    }

    /** Holds the call while the API has asked its account to wait; refuses it while that token is refused. */
    public void awaitGate(Exchange exchange) throws InterruptedException {
        Account account = accounts.of(exchange);
        String held = account.holdReason();
        if (held != null) {
            throw new TokenRefusedException("not calling the RCI API: " + held);
        }
        account.gate().awaitOpen();
    }

    /** After the throttle: whether the gate is still open, or a 429 closed it while the call waited there. */
    public void gateStillOpen(Exchange exchange) {
        exchange.setProperty(
                ExchangeProperties.THROUGH_GATE, accounts.of(exchange).gate().closedForMillis() == 0);
    }

    /** Turns the exchange into the GET of {@code rciRequestUrl}: counted, with the token, and nothing else. */
    public void prepare(Exchange exchange) {
        String url = exchange.getProperty(ExchangeProperties.REQUEST_URL, String.class);
        if (!url.equals(exchange.getProperty(ExchangeProperties.ATTEMPTED_URL))) {
            exchange.setProperty(ExchangeProperties.ATTEMPTED_URL, url);
            exchange.setProperty(ExchangeProperties.ATTEMPTS, 0);
        }
        exchange.setProperty(
                ExchangeProperties.ATTEMPTS, exchange.getProperty(ExchangeProperties.ATTEMPTS, 0, Integer.class) + 1);
        SweepProgress progress = SweepProgress.of(exchange);
        if (progress != null) {
            progress.requestSent();
        }
        var in = exchange.getMessage();
        // Only what the API needs leaves the process: no header of an earlier step becomes an HTTP header. The
        // error handler's redelivery counter is a header too, and must survive, or retries would never end.
        ExchangeProperties.clearHeadersButKept(in);
        Map<String, Object> kept = new HashMap<>(in.getHeaders());
        exchange.setProperty(ExchangeProperties.KEPT_HEADER_VALUES, kept);
        in.setBody(null);
        int q = url.indexOf('?');
        in.setHeader(Exchange.HTTP_URI, q < 0 ? url : url.substring(0, q));
        if (q >= 0) {
            in.setHeader(Exchange.HTTP_RAW_QUERY, url.substring(q + 1));
        }
        in.setHeader(Exchange.HTTP_METHOD, "GET");
        in.setHeader("Accept", "application/vnd.api+json");
        // read once: the token sent and the fingerprint a 401 blocks are the same one, even mid-rotation
        Account account = accounts.of(exchange);
        ApiToken.Current current = account.token();
        if (current == null) {
            throw new TokenRefusedException("not calling the RCI API: " + account.holdReason());
        }
        in.setHeader("Authorization", current.authorizationHeader());
        exchange.setProperty(ExchangeProperties.TOKEN_SENT, current.fingerprint());
    }

    /**
     * After the HTTP call, whatever its end: the token leaves the message, and the error handler's redelivery headers
     * are put back. camel-http starts a fresh message before it reads the body (HttpProducer.populateResponse), so a
     * failure while reading it (a reset, the request deadline) would leave a message without them, and the retries
     * of that failure would never end.
     */
    public void afterSend(Exchange exchange) {
        var msg = exchange.getMessage();
        msg.removeHeader("Authorization");
        Map<?, ?> kept = exchange.getProperty(ExchangeProperties.KEPT_HEADER_VALUES, Map.class);
        if (kept != null) {
            kept.forEach((name, value) -> {
                if (msg.getHeader(String.valueOf(name)) == null) {
                    msg.setHeader(String.valueOf(name), value);
                }
            });
        }
    }

    /** Leaves a 2xx body as a String; anything else becomes the typed failure the error policy knows. */
    public void classify(Exchange exchange) {
        var msg = exchange.getMessage();
        msg.removeHeader("Authorization");
        int status = msg.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String retryAfter = msg.getHeader("Retry-After", String.class);
        byte[] bytes = msg.getBody(byte[].class);
        // the body as text only for a failure, which quotes it
        String body =
                status >= 200 && status <= 299 ? null : bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
        ExchangeProperties.clearHeadersButKept(msg);
        String url = UrlSanitizer.sanitize(exchange.getProperty(ExchangeProperties.REQUEST_URL, String.class));
        Account account = accounts.of(exchange);
        ApiGate gate = account.gate();
        if (status == 429) {
            gate.pause(policy.waitAfterRateLimit(retryAfter, gate.rateLimited(), Instant.now()));
            SweepProgress progress = SweepProgress.of(exchange);
            if (progress != null) {
                progress.rateLimited();
            }
            throw new RateLimitedException(url, body, retryAfter);
        }
        gate.passed();
        if (status == 401) {
            account.refused(url, exchange.getProperty(ExchangeProperties.TOKEN_SENT, String.class));
            throw new UnauthorizedException(url, body);
        }
        if (status >= 500) {
            throw new ServerErrorException(status, url, body, retryAfter);
        }
        if (status < 200 || status > 299) {
            throw new ApiResponseException(status, url, body, retryAfter);
        }
        // the bytes as they came: the page is read from them (text only where an exception quotes it)
        msg.setBody(bytes == null ? new byte[0] : bytes);
        exchange.setProperty(ExchangeProperties.ANSWER_BYTES, bytes == null ? 0L : (long) bytes.length);
    }

    /**
     * After a 429 (the gate already holds every call for its wait) the request is sent again, as many times in a row as
     * the failure policy allows; past that the 429 goes on to the error policy.
     */
    public void afterRateLimit(Exchange exchange) throws Exception {
        int inARow = exchange.getProperty(ExchangeProperties.RATE_LIMITED_IN_A_ROW, 0, Integer.class) + 1;
        exchange.setProperty(ExchangeProperties.RATE_LIMITED_IN_A_ROW, inARow);
        if (!policy.sendAgainAfterRateLimit(inARow)) {
            throw exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        }
        exchange.setProperty(ExchangeProperties.SEND_AGAIN, true);
    }
}
