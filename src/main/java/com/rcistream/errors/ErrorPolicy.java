package com.rcistream.errors;

import java.io.IOException;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.jboss.logging.Logger;

import com.rcistream.api.ApiResponseException;
import com.rcistream.api.BadRecordException;
import com.rcistream.api.InvalidPageException;
import com.rcistream.api.RateLimitedException;
import com.rcistream.api.ServerErrorException;
import com.rcistream.api.TokenRefusedException;
import com.rcistream.api.UnauthorizedException;
import com.rcistream.config.RciConfig;
import com.rcistream.state.Checkpoints;
import com.rcistream.sweep.SweepProperties;
import com.rcistream.sweep.Sweeps;

/**
 * The one error policy of every route (opted in by id, YAML routes too): whatever fails lands on the dead-letter
 * topic with a reason. Transient API failures are retried first (the whole call, throttle included); a failure
 * that makes the rest of the walk impossible stops the sweep, and the next sweep resumes from the checkpoint.
 */
@ApplicationScoped
public class ErrorPolicy extends RouteConfigurationBuilder {

    public static final String ID = "error-policy";
    private static final Logger LOG = Logger.getLogger(ErrorPolicy.class);

    private final Sweeps sweeps;
    private final Checkpoints checkpoints;
    private final RciConfig config;

    public ErrorPolicy(Sweeps sweeps, Checkpoints checkpoints, RciConfig config) {
        this.sweeps = sweeps;
        this.checkpoints = checkpoints;
        this.config = config;
    }

    @Override
    public void configuration() {
        var api = config.api();
        RouteConfigurationDefinition policy = routeConfiguration(ID)
                .errorHandler(deadLetterChannel(DeadLetterRoute.DEAD_LETTER));

        // A bad record is dead-lettered alone; the split goes on with the rest of its page.
        policy.onException(BadRecordException.class)
                .handled(true)
                .to(DeadLetterRoute.DEAD_LETTER);

        // 5xx, timeouts, resets and unreadable pages are usually transient: bounded exponential backoff with jitter
        // (collision avoidance), then a dead letter and a stopped sweep. One clause per type: a clause listing
        // several types matched only some of them in Camel 4.17.
        for (Class<? extends Throwable> type : List.of(ServerErrorException.class, IOException.class,
                InvalidPageException.class)) {
            policy.onException(type)
                    .maximumRedeliveries(api.maxRetries())
                    .redeliveryDelay(api.retryBackoff().toMillis())
                    .useExponentialBackOff()
                    .backOffMultiplier(2)
                    .maximumRedeliveryDelay(api.retryBackoffMax().toMillis())
                    .useCollisionAvoidance()
                    .retryAttemptedLogLevel(LoggingLevel.WARN)
                    .logRetryStackTrace(false)
                    .handled(true)
                    .process(this::stopSweep)
                    .to(DeadLetterRoute.DEAD_LETTER);
        }

        // A refused token is never retried: one dead letter, and no call until the token changes. 429s that went on
        // past rci.api.max-rate-limited-retries (the API call route sends a 429 again by itself) end the sweep too.
        // Anything else
        // (another 4xx, an unsafe next link, Kafka refusing a record) ends the walk the same way: the failure is
        // dead-lettered and the sweep stops rather than skip what it could not do.
        for (Class<? extends Throwable> type : List.of(UnauthorizedException.class, TokenRefusedException.class,
                RateLimitedException.class, Exception.class)) {
            policy.onException(type)
                    .handled(true)
                    .process(this::stopSweep)
                    .to(DeadLetterRoute.DEAD_LETTER);
        }
    }

    private void stopSweep(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        sweeps.stop(exchange, cause == null ? "unknown failure" : cause.getMessage());
        if (cause != null && cause.getClass() == ApiResponseException.class
                && "fetch-page".equals(exchange.getProperty(SweepProperties.STAGE))) {
            int status = ((ApiResponseException) cause).status();
            if (status == 404 || status == 422) {
                // The cursor is gone or bad: keeping it would fail every sweep from now on.
                LOG.warnf("the API rejected the cursor (HTTP %d): checkpoint cleared, the next sweep starts at page one",
                        status);
                checkpoints.clear();
            }
        }
    }
}
