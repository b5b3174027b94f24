package com.rcistream.sweep;

/** What ends a walk that nothing failed: the application stopping, or the account's shard led by another pod. */
final class WalkStopped extends IllegalStateException {

    WalkStopped(String reason) {
        super(reason);
    }
}
