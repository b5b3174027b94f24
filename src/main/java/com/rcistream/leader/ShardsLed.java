package com.rcistream.leader;

import java.util.List;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.health.api.Wellness;

import com.rcistream.accounts.Shards;

/**
 * The shards this pod leads, with rci.accounts.token-dir and leader election: the gauge rci_leader_shards_led and
 * the rci-shards entry of /q/health/well (always UP: a pod that leads none stands by for the others).
 */
@Wellness
@ApplicationScoped
public class ShardsLed implements HealthCheck {

    private final Shards shards;
    private final MeterRegistry registry;

    public ShardsLed(Shards shards, MeterRegistry registry) {
        this.shards = shards;
        this.registry = registry;
    }

    void registerGauge(@Observes StartupEvent event) {
        if (shards.count() > 1) {
            Gauge.builder("rci.leader.shards.led", shards, s -> s.led().size())
                    .description("Shards of the accounts this pod leads, of rci.leader-election.shards")
                    .register(registry);
        }
    }

    @Override
    public HealthCheckResponse call() {
        if (shards.count() == 1) {
            // the accounts are spread over shards only with rci.accounts.token-dir and leader election
            return HealthCheckResponse.named("rci-shards")
                    .up()
                    .withData("shards", 1)
                    .build();
        }
        List<Integer> led = shards.led();
        return HealthCheckResponse.named("rci-shards")
                .up()
                .withData("shards", shards.count())
                .withData("led", led.size())
                .withData(
                        "led shards",
                        led.isEmpty() ? "none" : led.stream().map(shards::name).collect(Collectors.joining(", ")))
                .build();
    }
}
