package com.rcistream.testing;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.kafka.KafkaConstants;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import com.rcistream.exchange.ExchangeProperties;
import com.rcistream.exchange.SweepProgress;

/**
 * A step woven (Camel's AdviceWith) into the running application just before a customer enters the fan-out: it does
 * nothing until a test arms it for one customer, then holds that customer back until its sweep published a record on
 * a topic (a slow step, so that a later page overtakes it if it can) or throws once the walk has failed (a fan-out step
 * failing on a page still in flight). Not a rule: its failure is the pipeline's.
 */
@ApplicationScoped
public class SlowOrFailingStep {

    private volatile boolean woven;
    private volatile String holdFor;
    private volatile String holdUntilPublishedOn;
    private volatile Duration holdAtMost;
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

    /**
     * The customer's unredacted appearance is held back before it enters the fan-out until its sweep has published a
     * record on the topic, or for {@code atMost} when that never happens while it is held.
     */
    public void holdUntilPublished(String customerId, String topic, Duration atMost) {
        this.holdUntilPublishedOn = topic;
        this.holdAtMost = atMost;
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

    private void step(Exchange exchange) {
        String id = exchange.getMessage().getHeader(KafkaConstants.KEY, String.class);
        boolean redacted = Boolean.TRUE.equals(exchange.getProperty(ExchangeProperties.REDACTED, Boolean.class));
        if (id == null) {
            return;
        }
        if (id.equals(holdFor) && !redacted) {
            SweepProgress progress = SweepProgress.of(exchange);
            try {
                Awaitility.await("a record on " + holdUntilPublishedOn)
                        .atMost(holdAtMost)
                        .pollInterval(Duration.ofMillis(20))
                        .until(() -> progress.publishedPerTopic().containsKey(holdUntilPublishedOn));
            } catch (ConditionTimeoutException stillHeldBack) {
                // the later page waited for this one: held the longest it may be, the step goes on
            }
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
