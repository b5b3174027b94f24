package com.rcistream.refresh;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;

import com.rcistream.config.RciConfig;

/**
 * The customer ids refreshed within the last rci.refresh.dedup-window, for Camel's idempotent consumer: the same id
 * asked for again within the window is fetched once. Written by hand because Camel's memory repository forgets by
 * count, not by age; its size is bounded by the throttle (at most requests-per-minute ids a minute of window).
 */
@ApplicationScoped
@Named("recentRefreshRepository")
public class RecentRefreshRepository extends ServiceSupport implements IdempotentRepository {

    private final long windowNanos;
    private final Map<String, Long> seenAt = new ConcurrentHashMap<>();
    private volatile long lastPurge = System.nanoTime();

    public RecentRefreshRepository(RciConfig config) {
        this.windowNanos = config.refresh().dedupWindow().toNanos();
    }

    @Override
    public boolean add(String id) {
        long now = System.nanoTime();
        purge(now);
        boolean[] added = {false};
        seenAt.compute(id, (key, at) -> {
            if (at == null || now - at >= windowNanos) {
                added[0] = true;
                return now;
            }
            return at;
        });
        return added[0];
    }

    @Override
    public boolean contains(String id) {
        Long at = seenAt.get(id);
        return at != null && System.nanoTime() - at < windowNanos;
    }

    @Override
    public boolean remove(String id) {
        return seenAt.remove(id) != null;
    }

    @Override
    public boolean confirm(String id) {
        return true;
    }

    @Override
    public void clear() {
        seenAt.clear();
    }

    /** Forgets the ids older than the window, at most ten times a window. */
    private void purge(long now) {
        if (now - lastPurge > windowNanos / 10) {
            lastPurge = now;
            seenAt.values().removeIf(at -> now - at >= windowNanos);
        }
    }
}
