package com.rcistream.config;

import java.time.Duration;
import java.util.Optional;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.hibernate.validator.constraints.time.DurationMin;

import io.smallrye.config.WithDefault;

/**
 * Leader election on Kubernetes Leases: with rci.api.token one pod leads and the others stand by; with
 * rci.accounts.token-dir the accounts are spread over shards, each a Lease, and every Ready pod leads its share.
 */
public interface LeaderElectionConfig {

    /** Elect leaders among the pods (needs a Kubernetes API server and the Role in k8s/); off: no cluster. */
    @WithDefault("false")
    boolean enabled();

    /** This pod's name, as the Lease records it; absent: HOSTNAME, which Kubernetes sets to the pod's name. */
    Optional<String> podName();

    /** The pods that take part, as a label selector (key=value,...); absent: every pod of the namespace. */
    Optional<String> podSelector();

    /** How long a new leader waits after taking the Lease, so that a leader that lost it has stopped. */
    @WithDefault("15s")
    @DurationMin(millis = 1, message = RciConfig.LONGER_THAN_ZERO)
    Duration leaseDuration();

    /** A leader that could not renew the Lease for this long stops its consumers. */
    @WithDefault("10s")
    @DurationMin(millis = 1, message = RciConfig.LONGER_THAN_ZERO)
    Duration renewDeadline();

    /** How often each pod reads the Lease and the pods (plus up to 20% jitter). */
    @WithDefault("2s")
    @DurationMin(millis = 1, message = RciConfig.LONGER_THAN_ZERO)
    Duration retryPeriod();

    /**
     * With rci.accounts.token-dir: the Leases the accounts are spread over, an account in the shard a hash of its id
     * picks; the Ready pods share them evenly. Change it only with every pod stopped: pods of two counts would sweep
     * the same account.
     */
    @WithDefault("16")
    @Min(1)
    @Max(256)
    int shards();
}
