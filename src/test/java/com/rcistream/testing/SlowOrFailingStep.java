package com.rcistream.testing;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.kafka.KafkaConstants;
import org.awaitility.Awaitility;

import com.rcistream.exchange.ExchangeProperties;
import com.rcistream.exchange.SweepProgress;

/**
 * A step woven (Camel's AdviceWith) into the running application just before a customer enters the fan-out: it does
 * nothing until a test arms it for one customer, then holds that customer back (a slow step) or throws once the walk
 * has failed (a fan-out step failing on a page still in flight). Not a rule: its failure is the pipeline's.
 */
@ApplicationScoped
public class SlowOrFailingStep {

    private volatile boolean woven;
    private volatile String holdFor;
    private volatile Duration hold;
    private volatile String failFor;

    /** Weaves the step into the publish-customer route, once for the application. */
    public synchronized void weaveInto(CamelContext context) throws Exception {
        if (!woven) {
            AdviceWith.adviceWith(
                    context,
                    "publish-customer",
                    route -> route.weaveByToUri("direct:fan-out").before().process(this::step));
            woven = true;
        }
    }

    /** The customer's first, unredacted appearance is held back this long before it enters the fan-out. */
    public void holdFor(String customerId, Duration duration) {
        this.hold = duration;
        this.holdFor = customerId;
    }

    /** The customer's fan-out throws, once the walk of its sweep has failed. */
    public void failFor(String customerId) {
        this.failFor = customerId;
    }

    public void disarm() {
        holdFor = null;
        failFor = null;
    }

    private void step(Exchange exchange) throws InterruptedException {
        String id = exchange.getMessage().getHeader(KafkaConstants.KEY, String.class);
        boolean redacted = Boolean.TRUE.equals(exchange.getProperty(ExchangeProperties.REDACTED, Boolean.class));
        if (id == null) {
            return;
        }
        if (id.equals(holdFor) && !redacted) {
            Thread.sleep(hold.toMillis()); // what a slow step does: the point is that it is slow
        }
        if (id.equals(failFor)) {
            SweepProgress progress = SweepProgress.of(exchange);
            Awaitility.await("the walk fails")
                    .atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(20))
                    .until(progress::failed);
            throw new IllegalStateException("a fan-out step failed for " + id);
        }
    }
}
