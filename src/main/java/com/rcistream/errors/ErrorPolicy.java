package com.rcistream.errors;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteConfigurationBuilder;

import com.rcistream.api.ApiResponseException;
import com.rcistream.api.BadRecordException;
import com.rcistream.api.ForeignLinkException;
import com.rcistream.api.InvalidPageException;
import com.rcistream.sweep.Sweeps;

/**
 * The one error policy of every route (opted in by id, YAML routes too): whatever fails lands on the dead-letter
 * topic with a reason. A failure that makes the rest of the walk impossible also stops the sweep.
 */
@ApplicationScoped
public class ErrorPolicy extends RouteConfigurationBuilder {

    public static final String ID = "error-policy";

    private final Sweeps sweeps;

    public ErrorPolicy(Sweeps sweeps) {
        this.sweeps = sweeps;
    }

    @Override
    public void configuration() {
        routeConfiguration(ID)
                .errorHandler(deadLetterChannel(DeadLetterRoute.DEAD_LETTER)
                        .onPrepareFailure(this::stopSweep))
                // A bad record is dead-lettered alone; the split goes on with the rest of its page.
                .onException(BadRecordException.class)
                    .handled(true)
                    .to(DeadLetterRoute.DEAD_LETTER)
                .end()
                // The walk cannot go on without a valid answer or a safe next link.
                .onException(ApiResponseException.class, InvalidPageException.class, ForeignLinkException.class)
                    .handled(true)
                    .process(this::stopSweep)
                    .to(DeadLetterRoute.DEAD_LETTER)
                .end();
    }

    private void stopSweep(Exchange exchange) {
        Exception cause = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        sweeps.stop(exchange, cause == null ? "unknown failure" : cause.getMessage());
    }
}
