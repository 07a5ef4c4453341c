package dev.relay.task.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A webhook receiver on 127.0.0.1: records every call by path and answers each path with the statuses it was told
 * to, in turn ({@link #SILENT}: not in time; {@link #ENDLESS}: 200 with a body that never ends; a redirection points
 * to {@link #REDIRECTED} before the path), then 200.
 */
public final class WebhookReceiver {

    private static WebhookReceiver shared;

    /** One call as it arrived: its headers (lower-case names) and body. */
    public record Call(Map<String, String> headers, String body) {
    }

    /** Answered after {@link #SILENCE_MS}, past the tests' webhook timeout (2 s): to the sender, no answer. */
    public static final int SILENT = 0;
    private static final long SILENCE_MS = 6_000;

    /** Answered 200 at once, with a body sent a byte at a time for as long as the caller takes it (up to a minute). */
    public static final int ENDLESS = 1;

    /** Where a redirection answered for a path points: this prefix, then the path. */
    public static final String REDIRECTED = "/redirected";

    private final HttpServer server;
    private final Map<String, List<Call>> calls = new ConcurrentHashMap<>();
    private final Map<String, Queue<Integer>> answers = new ConcurrentHashMap<>();

    /** The one receiver of this test run (every test uses paths of its own), started on first use. */
    public static synchronized WebhookReceiver shared() {
        if (shared == null) {
            try {
                shared = new WebhookReceiver();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return shared;
    }

    private WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            Map<String, String> headers = new ConcurrentHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            calls.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>()).add(new Call(headers, body));
            Integer status = answers.getOrDefault(path, new ConcurrentLinkedQueue<>()).poll();
            if (status != null && status == SILENT) {
                sleep(SILENCE_MS);
                status = 200;
            }
            if (status != null && status == ENDLESS) {
                exchange.sendResponseHeaders(200, 0); // chunked: no end announced
                try (var endless = exchange.getResponseBody()) {
                    for (int i = 0; i < 600; i++) {
                        endless.write('x');
                        endless.flush();
                        sleep(100);
                    }
                } catch (IOException callerLeft) {
                    // what an endless body ends with
                }
                return;
            }
            if (status != null && status / 100 == 3) {
                exchange.getResponseHeaders().set("Location", REDIRECTED + path);
            }
            exchange.sendResponseHeaders(status == null ? 200 : status, -1);
            exchange.close();
        });
        // Calls are answered at once, and a silent one never holds up another.
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The URL of a path on this receiver, answering the given statuses first. */
    public String url(String path, Integer... statuses) {
        return url("127.0.0.1", path, statuses);
    }

    /** As {@link #url(String, Integer...)}, with {@code host} (one pointed at 127.0.0.1) naming the receiver. */
    public String url(String host, String path, Integer... statuses) {
        answers.put(path, new ConcurrentLinkedQueue<>(List.of(statuses)));
        return "http://" + host + ":" + port() + path;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public List<Call> calls(String path) {
        return calls.getOrDefault(path, List.of());
    }
}
