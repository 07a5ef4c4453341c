package dev.relay.task.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A webhook receiver on 127.0.0.1: records every call by path and answers each path with the statuses it was told
 * to, in turn, then 200.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One call as it arrived: its headers (lower-case names) and body. */
    public record Call(Map<String, String> headers, String body) {
    }

    private final HttpServer server;
    private final Map<String, List<Call>> calls = new ConcurrentHashMap<>();
    private final Map<String, Queue<Integer>> answers = new ConcurrentHashMap<>();

    public WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            Map<String, String> headers = new ConcurrentHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            calls.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>()).add(new Call(headers, body));
            Integer status = answers.getOrDefault(path, new ConcurrentLinkedQueue<>()).poll();
            exchange.sendResponseHeaders(status == null ? 200 : status, -1);
            exchange.close();
        });
        server.start();
    }

    /** The URL of a path on this receiver, answering the given statuses first. */
    public String url(String path, Integer... statuses) {
        answers.put(path, new ConcurrentLinkedQueue<>(List.of(statuses)));
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public List<Call> calls(String path) {
        return calls.getOrDefault(path, List.of());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
