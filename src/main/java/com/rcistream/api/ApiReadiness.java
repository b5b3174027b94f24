package com.rcistream.api;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness DOWN while the API refuses the token, or there is none (an empty token file): the pod cannot do its job
 * until someone changes the secret. Failed sweeps do not take it DOWN (see the wellness check rci-sweeps).
 */
@Readiness
@ApplicationScoped
public class ApiReadiness implements HealthCheck {

    private final ApiAuth auth;

    public ApiReadiness(ApiAuth auth) {
        this.auth = auth;
    }

    @Override
    public HealthCheckResponse call() {
        String reason = auth.reason();
        return HealthCheckResponse.named("rci-api-token")
                .status(reason == null)
                .withData("reason", reason == null ? "the RCI API accepts the token" : reason)
                .build();
    }
}
