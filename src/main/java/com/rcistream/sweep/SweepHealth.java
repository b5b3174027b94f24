package com.rcistream.sweep;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

import io.smallrye.health.api.Wellness;

import com.rcistream.accounts.Account;
import com.rcistream.accounts.Accounts;
import com.rcistream.config.UrlSanitizer;
import com.rcistream.errors.TextMasker;
import com.rcistream.exchange.SweepProgress;

/**
 * Whether the sweeps get through, on /q/health/well: DOWN while the last sweeps failed, with how many in a row and
 * why (the reason and the page through {@link TextMasker}: no token, no personal data). A wellness check, not
 * readiness: a bundle that polls takes no traffic a failing readiness could divert, and with leader election a pod
 * must stay Ready to lead; not liveness: a restart would not mend a broken page.
 */
@Wellness
@ApplicationScoped
public class SweepHealth implements HealthCheck {

    private final SweepCoordinator sweeps;
    private final TextMasker masker;
    private final Accounts accounts;

    public SweepHealth(SweepCoordinator sweeps, TextMasker masker, Accounts accounts) {
        this.sweeps = sweeps;
        this.masker = masker;
        this.accounts = accounts;
    }

    @Override
    public HealthCheckResponse call() {
        if (accounts.named()) {
            return perAccount();
        }
        int failed = sweeps.failedInARow("");
        SweepProgress last = sweeps.last("");
        HealthCheckResponseBuilder response = HealthCheckResponse.named("rci-sweeps")
                .status(failed == 0)
                .withData("consecutive_failed_sweeps", failed);
        if (last == null) {
            return response.withData("last_sweep", "none yet").build();
        }
        response.withData("last_sweep", last.sweepId())
                .withData("last_outcome", last.failed() ? "stopped" : "finished");
        if (last.failed()) {
            response.withData("reason", masker.mask(last.failure()))
                    .withData(
                            "stage",
                            last.failureStage() == null
                                    ? "unknown"
                                    : last.failureStage().id())
                    .withData("page", String.valueOf(masker.mask(UrlSanitizer.sanitize(last.page()))));
        }
        return response.build();
    }

    /** One entry an account of rci.accounts.token-dir: DOWN while any account's last sweeps failed. */
    private HealthCheckResponse perAccount() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("rci-sweeps");
        boolean up = true;
        for (Account account : accounts.active()) {
            int failed = sweeps.failedInARow(account.id());
            SweepProgress last = sweeps.last(account.id());
            up &= failed == 0;
            String state = account.blocked()
                    ? "token refused"
                    : last == null
                            ? "no sweep yet"
                            : last.failed()
                                    ? failed + " failed in a row, the last at " + last.failureStage() + ": "
                                            + last.failure()
                                    : "finished " + last.sweepId();
            response.withData("account " + account.id(), masker.mask(state));
        }
        return response.status(up).build();
    }
}
