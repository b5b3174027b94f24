package com.rcistream.api;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecRuntime;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.io.entity.HttpEntityWrapper;

import com.rcistream.config.RciConfig;
import com.rcistream.errors.RequestDeadlineException;
import com.rcistream.errors.ResponseTooLargeException;

/**
 * Bounds every answer of the API: at most rci.api.max-body-size bytes once decompressed (a huge page or a gzip bomb
 * is cut off there, long before it fills the heap), and one deadline for the whole request, rci.api.request-timeout
 * (HttpClient's read timeout is per read, so a server that drips a byte every few seconds would hold a sweep for
 * ever). Written by hand because HttpClient 5 classic has neither: an exec interceptor placed first in the chain sees
 * the decompressed answer, and closes the connection when the limit or the deadline is hit, so that nothing is
 * drained after it.
 */
@ApplicationScoped
public class BoundedAnswers implements HttpClientConfigurer {

    private final long maxBytes;
    private final String maxBytesText;
    private final long deadlineMillis;
    private final String deadlineText;
    private volatile ScheduledExecutorService timers;

    public BoundedAnswers(RciConfig config) {
        this.maxBytes = config.api().maxBodySize().asLongValue();
        this.maxBytesText = config.api().maxBodySize().asLongValue() / 1024 + " KiB";
        this.deadlineMillis = config.api().requestTimeout().toMillis();
        this.deadlineText =
                config.api().requestTimeout().toString().substring(2).toLowerCase();
    }

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        builder.addExecInterceptorFirst("rci-bounded-answers", this::execute);
    }

    private ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
            throws IOException, HttpException {
        AtomicBoolean expired = new AtomicBoolean();
        ExecRuntime connection = scope.execRuntime;
        ScheduledFuture<?> deadline = timers().schedule(
                        () -> {
                            expired.set(true);
                            connection.discardEndpoint();
                        },
                        deadlineMillis,
                        TimeUnit.MILLISECONDS);
        ClassicHttpResponse response;
        try {
            response = chain.proceed(request, scope);
        } catch (IOException | HttpException | RuntimeException e) {
            deadline.cancel(false);
            if (expired.get()) {
                throw deadlineHit(e);
            }
            throw e;
        }
        HttpEntity entity = response.getEntity();
        if (entity == null) {
            deadline.cancel(false);
            return response;
        }
        response.setEntity(new BoundedEntity(entity, connection, deadline, expired));
        return response;
    }

    private RequestDeadlineException deadlineHit(Throwable cause) {
        RequestDeadlineException hit = new RequestDeadlineException(deadlineText);
        hit.initCause(cause);
        return hit;
    }

    private ScheduledExecutorService timers() {
        ScheduledExecutorService current = timers;
        if (current == null) {
            synchronized (this) {
                if (timers == null) {
                    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
                        Thread thread = Executors.defaultThreadFactory().newThread(runnable);
                        thread.setName("rci-api-deadlines");
                        thread.setDaemon(true);
                        return thread;
                    });
                    executor.setRemoveOnCancelPolicy(true);
                    timers = executor;
                }
                current = timers;
            }
        }
        return current;
    }

    @PreDestroy
    void stop() {
        if (timers != null) {
            timers.shutdownNow();
        }
    }

    /** The answer's entity, read through one bounded stream (the same one each time, so a drain after a refusal refuses too). */
    private final class BoundedEntity extends HttpEntityWrapper {

        private final ExecRuntime connection;
        private final ScheduledFuture<?> deadline;
        private final AtomicBoolean expired;
        private InputStream content;

        BoundedEntity(HttpEntity entity, ExecRuntime connection, ScheduledFuture<?> deadline, AtomicBoolean expired) {
            super(entity);
            this.connection = connection;
            this.deadline = deadline;
            this.expired = expired;
        }

        @Override
        public synchronized InputStream getContent() throws IOException {
            if (content == null) {
                if (getContentLength() > maxBytes) {
                    refuse();
                }
                content = new BoundedStream(super.getContent());
            }
            return content;
        }

        private void refuse() throws ResponseTooLargeException {
            deadline.cancel(false);
            connection.discardEndpoint();
            throw new ResponseTooLargeException(maxBytesText);
        }

        private final class BoundedStream extends FilterInputStream {

            private long read;
            private boolean refused;

            BoundedStream(InputStream in) {
                super(in);
            }

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                if (refused) {
                    throw new ResponseTooLargeException(maxBytesText);
                }
                if (expired.get()) {
                    throw deadlineHit(null);
                }
                int n;
                try {
                    n = super.read(buffer, offset, (int) Math.min(length, maxBytes + 1 - read));
                } catch (IOException | RuntimeException e) {
                    if (expired.get()) {
                        throw deadlineHit(e);
                    }
                    throw e;
                }
                if (n < 0) {
                    deadline.cancel(false);
                    return n;
                }
                read += n;
                if (read > maxBytes) {
                    refused = true;
                    refuse();
                }
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                int chunk = (int) Math.max(0, Math.min(n, 8192));
                return Math.max(0, read(new byte[chunk], 0, chunk));
            }

            @Override
            public void close() throws IOException {
                deadline.cancel(false);
                super.close();
            }
        }
    }
}
