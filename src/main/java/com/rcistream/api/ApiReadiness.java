package com.rcistream.api;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import com.rcistream.accounts.Account;
import com.rcistream.accounts.Accounts;

/**
 * Readiness DOWN while the API refuses the token of every account, or there is none (an empty token file): the pod
 * cannot do its job until someone changes the secret. Failed sweeps do not take it DOWN (see the wellness check rci-sweeps).
 */
@Readiness
@ApplicationScoped
public class ApiReadiness implements HealthCheck {

    private final Accounts accounts;

    public ApiReadiness(Accounts accounts) {
        this.accounts = accounts;
    }

    @Override
    public HealthCheckResponse call() {
        // DOWN only while every account is held: one refused store must not take the others' pod out
        List<String> held = new ArrayList<>();
        List<Account> active = accounts.active();
        for (Account account : active) {
            if (account.holdReason() != null) {
                held.add(account.holdReason());
            }
        }
        String reason = active.isEmpty()
                ? "no account: rci.accounts.token-dir holds no token file"
                : held.size() == active.size() ? String.join("; ", held) : null;
        return HealthCheckResponse.named("rci-api-token")
                .status(reason == null)
                .withData("reason", reason == null ? "the RCI API accepts the token" : reason)
                .build();
    }
}
