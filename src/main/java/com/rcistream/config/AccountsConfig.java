package com.rcistream.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.valueextraction.Unwrapping;

import org.hibernate.validator.constraints.time.DurationMin;

import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;

/** Many RCI accounts (stores) in one deployment, each with its own token, budget, sweep and checkpoint. */
public interface AccountsConfig {

    /**
     * A directory of token files, one account a file named by its id, its content the token (a Kubernetes Secret
     * mounted as a volume, never with subPath, which is never updated); absent: the one account of rci.api.token.
     */
    Optional<Path> tokenDir();

    /** How often the token directory is read again: a file added starts an account, a removed one stops it. */
    @WithDefault("10s")
    @DurationMin(millis = 1, message = RciConfig.LONGER_THAN_ZERO)
    Duration rescanInterval();

    /** Accounts that sweep at once at most (a shared pool of threads); the others wait for a free one. */
    @WithDefault("64")
    @Min(1)
    int concurrentSweeps();

    /** The settings of one account of the token directory that differ from the rci.api.* ones, by its id. */
    @WithParentName
    Map<String, Own> own();

    /** What one account may set for itself: rci.accounts.<id>.*. */
    interface Own {
        /** Its API base URL (its own origin, the only one its token goes to); absent: rci.api.base-url. */
        @Pattern(
                regexp = "(?i)https?://[^/?#\\s]+(/\\S*)?",
                message = "must be an absolute http(s) URL",
                payload = Unwrapping.Unwrap.class)
        Optional<String> baseUrl();

        /** Its token's budget, in calls a minute; absent: rci.api.requests-per-minute. */
        @Min(1)
        OptionalInt requestsPerMinute();

        /** false: not swept, nor its refresh requests served, though its token file is there. */
        @WithDefault("true")
        boolean enabled();
    }
}
