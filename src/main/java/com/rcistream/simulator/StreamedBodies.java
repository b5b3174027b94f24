package com.rcistream.simulator;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.zip.Deflater;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * Writes the bodies a hostile or broken server would send, without ever holding them: a page padded with whitespace
 * to gigabytes, a gzip stream that inflates to gigabytes (a few megabytes on the wire), an answer dripped one byte at a
 * time. Each stops as soon as the client hangs up.
 */
final class StreamedBodies {

    private static final int CHUNK = 64 * 1024;
    private static final int MIB = 1024 * 1024;
    /** gzip header: magic, deflate, no flags, no mtime, no extra flags, unknown OS. */
    private static final byte[] GZIP_HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};
    /** One MiB of zeros, deflated on its own and flushed to a byte boundary: a block that can be repeated at will. */
    private static final byte[] DEFLATED_MIB = deflatedZeros();

    private StreamedBodies() {}

    static void write(Vertx vertx, HttpServerResponse response, SimulatedResponse answer) {
        response.setChunked(true);
        response.exceptionHandler(e -> {
            // the client hung up: exactly what a bounded client does with such an answer
        });
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        switch (answer.shape().kind()) {
            case PADDED -> pump(response, padded(body, answer.shape().bytes()));
            case GZIP_BOMB -> {
                response.putHeader("Content-Encoding", "gzip");
                pump(response, gzipBomb(answer.shape().bytes()));
            }
            case DRIP -> drip(vertx, response, body);
            default -> throw new IllegalStateException("unknown body shape " + answer.shape());
        }
    }

    /** Writes the chunks as fast as the client reads them, and no faster. */
    private static void pump(HttpServerResponse response, Iterator<Buffer> chunks) {
        while (chunks.hasNext() && !response.writeQueueFull()) {
            if (response.closed()) {
                return;
            }
            response.write(chunks.next());
        }
        if (!chunks.hasNext()) {
            if (!response.closed()) {
                response.end();
            }
        } else {
            response.drainHandler(v -> pump(response, chunks));
        }
    }

    private static void drip(Vertx vertx, HttpServerResponse response, byte[] body) {
        int[] next = {0};
        response.write(Buffer.buffer(new byte[] {body[next[0]++]}));
        vertx.setPeriodic(SimulatorFaults.DRIP_EVERY_MILLIS, timer -> {
            if (response.closed() || response.ended()) {
                vertx.cancelTimer(timer);
            } else if (next[0] < body.length) {
                response.write(Buffer.buffer(new byte[] {body[next[0]++]}));
            } else {
                vertx.cancelTimer(timer);
                response.end();
            }
        });
    }

    /** The body, then spaces (JSON allows trailing whitespace) up to {@code total} bytes. */
    private static Iterator<Buffer> padded(byte[] body, long total) {
        return new Iterator<>() {
            long sent;

            @Override
            public boolean hasNext() {
                return sent < Math.max(total, body.length);
            }

            @Override
            public Buffer next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                if (sent == 0) {
                    sent = body.length;
                    return Buffer.buffer(body);
                }
                byte[] spaces = new byte[(int) Math.min(CHUNK, total - sent)];
                Arrays.fill(spaces, (byte) ' ');
                sent += spaces.length;
                return Buffer.buffer(spaces);
            }
        };
    }

    /**
     * A gzip member inflating to {@code inflated} zero bytes: the header, the deflated MiB repeated, a final empty
     * block. Its trailer's checksum is left zero: a client that inflates that far has already run out of memory.
     */
    private static Iterator<Buffer> gzipBomb(long inflated) {
        long blocks = Math.max(1, inflated / MIB);
        return new Iterator<>() {
            long sent = -1;

            @Override
            public boolean hasNext() {
                return sent <= blocks;
            }

            @Override
            public Buffer next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                long index = sent++;
                if (index < 0) {
                    return Buffer.buffer(GZIP_HEADER);
                }
                if (index < blocks) {
                    return Buffer.buffer(DEFLATED_MIB);
                }
                // a final empty fixed-Huffman block, then CRC-32 (left zero) and the length modulo 2^32
                long size = blocks * MIB;
                return Buffer.buffer(new byte[] {
                    3, 0, 0, 0, 0, 0, (byte) size, (byte) (size >>> 8), (byte) (size >>> 16), (byte) (size >>> 24)
                });
            }
        };
    }

    private static byte[] deflatedZeros() {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        deflater.setInput(new byte[MIB]);
        byte[] out = new byte[MIB];
        int length = deflater.deflate(out, 0, out.length, Deflater.SYNC_FLUSH);
        deflater.end();
        return Arrays.copyOf(out, length);
    }
}
