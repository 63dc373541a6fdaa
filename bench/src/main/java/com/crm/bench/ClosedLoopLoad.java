package com.crm.bench;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import java.util.stream.LongStream;

/**
 * Load at saturation: {@code concurrency} clients, each sending its next request as soon as the previous one is
 * answered, for a fixed time. Only 2xx answers are timed; the others are counted (429s on their own, since they
 * mean a rate limit throttled the run, not a slow server).
 */
final class ClosedLoopLoad {

    private ClosedLoopLoad() {}

    /** {@code request} is asked for the n-th request of the run (n counts across all clients). */
    static Sample run(HttpClient http, int concurrency, Duration length, LongFunction<HttpRequest> request)
            throws InterruptedException {
        long end = System.nanoTime() + length.toNanos();
        AtomicLong sequence = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong status429 = new AtomicLong();
        long start = System.nanoTime();
        List<Future<long[]>> clients = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(concurrency)) {
            for (int i = 0; i < concurrency; i++) {
                clients.add(pool.submit(() -> {
                    long[] latencies = new long[1 << 16];
                    int n = 0;
                    while (System.nanoTime() < end) {
                        HttpRequest next = request.apply(sequence.getAndIncrement());
                        long t0 = System.nanoTime();
                        try {
                            int status = http.send(next, HttpResponse.BodyHandlers.ofByteArray())
                                    .statusCode();
                            if (status / 100 != 2) {
                                errors.incrementAndGet();
                                if (status == 429) {
                                    status429.incrementAndGet();
                                }
                                continue;
                            }
                        } catch (IOException e) {
                            errors.incrementAndGet();
                            continue;
                        }
                        if (n == latencies.length) {
                            latencies = Arrays.copyOf(latencies, n * 2);
                        }
                        latencies[n++] = System.nanoTime() - t0;
                    }
                    return Arrays.copyOf(latencies, n);
                }));
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        List<long[]> measured = new ArrayList<>();
        for (Future<long[]> client : clients) {
            try {
                measured.add(client.get());
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }
        return new Sample(
                measured.stream().flatMapToLong(Arrays::stream).sorted().toArray(),
                seconds,
                errors.get(),
                status429.get());
    }

    /** Latencies of the answered requests (sorted, in nanoseconds) over the time they took. */
    record Sample(long[] sortedNanos, double seconds, long errors, long status429) {

        static final Sample EMPTY = new Sample(new long[0], 0, 0, 0);

        Sample plus(Sample other) {
            long[] all = LongStream.concat(Arrays.stream(sortedNanos), Arrays.stream(other.sortedNanos))
                    .sorted()
                    .toArray();
            return new Sample(all, seconds + other.seconds, errors + other.errors, status429 + other.status429);
        }

        double throughput() {
            return sortedNanos.length / seconds;
        }

        /** The p-th percentile in milliseconds. */
        double percentile(int p) {
            if (sortedNanos.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.min(sortedNanos.length - 1, Math.ceil(p / 100.0 * sortedNanos.length) - 1);
            return sortedNanos[Math.max(0, index)] / 1e6;
        }
    }
}
