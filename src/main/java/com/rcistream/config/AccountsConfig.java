package com.rcistream.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import jakarta.validation.constraints.Min;

import org.hibernate.validator.constraints.time.DurationMin;

import io.smallrye.config.WithDefault;

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
}
