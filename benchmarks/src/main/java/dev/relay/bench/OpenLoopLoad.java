package dev.relay.bench;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.Histogram;

/**
 * Sends requests at a fixed rate (open loop: the schedule never waits for answers, so a slow server cannot
 * hide its queueing, the "coordinated omission" trap) and records, from each request's scheduled start,
 * the time to the first response byte and to the end of the response, and, where the server reports it in
 * {@code x-relay-overhead-ms}, its own time for the request.
 */
public final class OpenLoopLoad {

    /** Request i carries {@code headers.get(i % headers.size())}: several API keys keep under per-key rate limits. */
    public record Target(URI uri, List<Map<String, String>> headers, String body) {
    }

    /** {@code reported} is empty when the server sent no {@code x-relay-overhead-ms}. */
    public record Result(Histogram firstByte, Histogram complete, Histogram reported, long sent, long failed,
            Duration elapsed) {

        /** This run and {@code other} as one; {@code null} is nothing. */
        public Result plus(Result other) {
            if (other == null) {
                return this;
            }
            return new Result(sum(firstByte, other.firstByte), sum(complete, other.complete),
                    sum(reported, other.reported), sent + other.sent, failed + other.failed, elapsed.plus(other.elapsed));
        }

        private static Histogram sum(Histogram a, Histogram b) {
            Histogram both = a.copy();
            both.add(b);
            return both;
        }
    }

    private final Vertx vertx;
    private final HttpClient client;
    private final SlowRequests slow;

    public OpenLoopLoad(Vertx vertx, int connections, SlowRequests slow) {
        this.vertx = vertx;
        this.slow = slow;
        this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
                new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
    }

    public Result run(Target target, int ratePerSecond, Duration duration) throws InterruptedException {
        long total = Math.max(1, ratePerSecond * duration.toMillis() / 1000);
        long intervalNanos = 1_000_000_000L / ratePerSecond;
        Recorder firstByte = new Recorder(3);
        Recorder complete = new Recorder(3);
        Recorder reported = new Recorder(3);
        AtomicLong failed = new AtomicLong();
        CountDownLatch done = new CountDownLatch((int) total);
        long start = System.nanoTime();
        long startEpochMicros = SlowRequests.epochMicros();
        List<RequestOptions> variants = target.headers().stream().map(headers -> {
            RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST)
                    .setHost(target.uri().getHost()).setPort(target.uri().getPort()).setURI(target.uri().getRawPath());
            headers.forEach(options::addHeader);
            return options;
        }).toList();
        Buffer body = Buffer.buffer(target.body());
        for (long i = 0; i < total; i++) {
            RequestOptions options = variants.get((int) (i % variants.size()));
            long scheduled = start + i * intervalNanos;
            long wait = scheduled - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            long scheduledEpochMicros = startEpochMicros + (scheduled - start) / 1000;
            vertx.runOnContext(v -> send(target.uri(), options, body, scheduled, scheduledEpochMicros, firstByte,
                    complete, reported, failed, done));
        }
        if (!done.await(duration.toSeconds() + 60, TimeUnit.SECONDS)) {
            failed.addAndGet(done.getCount());
        }
        return new Result(firstByte.getIntervalHistogram(), complete.getIntervalHistogram(),
                reported.getIntervalHistogram(), total, failed.get(),
                Duration.ofNanos(System.nanoTime() - start));
    }

    private void send(URI uri, RequestOptions options, Buffer body, long scheduled, long scheduledEpochMicros,
            Recorder firstByte, Recorder complete, Recorder reported, AtomicLong failed, CountDownLatch done) {
        client.request(options)
                .compose(req -> req.send(body))
                .onSuccess(resp -> {
                    boolean[] first = {true};
                    resp.handler(chunk -> {
                        if (first[0]) {
                            first[0] = false;
                            firstByte.recordValue(micros(scheduled));
                        }
                    });
                    resp.endHandler(v -> {
                        if (resp.statusCode() != 200) {
                            failed.incrementAndGet();
                        }
                        long took = micros(scheduled);
                        complete.recordValue(took);
                        slow.note(uri, scheduledEpochMicros, took);
                        // Sent with the headers, so for a stream it covers the time to the first byte.
                        String overhead = resp.getHeader("x-relay-overhead-ms");
                        if (overhead != null) {
                            reported.recordValue(Math.round(Double.parseDouble(overhead) * 1000));
                        }
                        done.countDown();
                    });
                    resp.exceptionHandler(e -> {
                        failed.incrementAndGet();
                        done.countDown();
                    });
                })
                .onFailure(e -> {
                    failed.incrementAndGet();
                    done.countDown();
                });
    }

    private static long micros(long scheduledNanos) {
        return Math.max(0, (System.nanoTime() - scheduledNanos) / 1000);
    }

    public void close() {
        client.close();
    }
}
