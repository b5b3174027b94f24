package com.rcistream.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

import com.rcistream.accounts.Accounts;
import com.rcistream.config.ApiToken;
import com.rcistream.config.RciConfig;
import com.rcistream.errors.TextMasker;
import com.rcistream.exchange.Stage;
import com.rcistream.exchange.SweepProgress;
import com.rcistream.testing.Settings;

/** The wellness answer of a failed sweep says why, without the token or anyone's data the failure quoted. */
class SweepHealthTest {

    @Test
    void reasonAndPageOfAFailedSweepAreMasked() {
        SweepProgress failed = new SweepProgress(1);
        failed.visit("https://api.example.test/api/v1/customers?page%5Bcursor%5D=c1&email=eric@example.com");
        failed.fail(
                Stage.FOLLOW_NEXT_LINK, new IllegalStateException("no customer eric@example.com, token tok-123456"));
        RciConfig config = Settings.rci(Settings.with("rci.api.token", "tok-123456"));
        TextMasker masker = new TextMasker(new ApiToken(config));
        SweepCoordinator sweeps =
                new SweepCoordinator(config, null, null, null, null, null, null, null, null, null, masker) {
                    @Override
                    public int failedInARow(String account) {
                        return 1;
                    }

                    @Override
                    public SweepProgress last(String account) {
                        return failed;
                    }
                };

        HealthCheckResponse answer = new SweepHealth(sweeps, masker, new Accounts(config, new ApiToken(config))).call();

        Map<String, Object> data = answer.getData().orElseThrow();
        assertEquals("no customer ***, token ***", data.get("reason"));
        assertEquals("https://api.example.test/api/v1/customers?page%5Bcursor%5D=c1&email=***", data.get("page"));
        assertFalse(data.toString().contains("eric@example.com"), data.toString());
    }
}
