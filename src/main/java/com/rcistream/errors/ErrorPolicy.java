package com.rcistream.errors;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteConfigurationBuilder;

import com.rcistream.api.BadRecordException;
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
                .errorHandler(deadLetterChannel(DeadLetterRoute.DEAD_LETTER))
                // A bad record is dead-lettered alone; the split goes on with the rest of its page.
                .onException(BadRecordException.class)
                    .handled(true)
                    .to(DeadLetterRoute.DEAD_LETTER)
                .end()
                // Anything else (no valid answer, an unsafe next link, Kafka refusing a record) ends the walk:
                // the failure is dead-lettered and the sweep stops rather than skip what it could not do.
                .onException(Exception.class)
                    .handled(true)
                    .process(this::stopSweep)
                    .to(DeadLetterRoute.DEAD_LETTER)
                .end();
    }

    private void stopSweep(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        sweeps.stop(exchange, cause == null ? "unknown failure" : cause.getMessage());
    }
}
