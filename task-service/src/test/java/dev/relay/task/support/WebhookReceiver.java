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
 * to, in turn ({@link #SILENT}: not in time), then 200.
 */
public final class WebhookReceiver {

    private static WebhookReceiver shared;

    /** One call as it arrived: its headers (lower-case names) and body. */
    public record Call(Map<String, String> headers, String body) {
    }

    /** Answered after {@link #SILENCE_MS}, past the tests' webhook timeout (2 s): to the sender, no answer. */
    public static final int SILENT = 0;
    private static final long SILENCE_MS = 6_000;

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
                sleep();
                status = 200;
            }
            exchange.sendResponseHeaders(status == null ? 200 : status, -1);
            exchange.close();
        });
        // Calls are answered at once, and a silent one never holds up another.
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    private static void sleep() {
        try {
            Thread.sleep(SILENCE_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The URL of a path on this receiver, answering the given statuses first. */
    public String url(String path, Integer... statuses) {
        answers.put(path, new ConcurrentLinkedQueue<>(List.of(statuses)));
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public List<Call> calls(String path) {
        return calls.getOrDefault(path, List.of());
    }
}
