package dev.relay.simulator.api;

import io.restassured.RestAssured;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A bare HTTP/1.1 exchange over a socket, so tests can see exactly what the simulator put on the wire (a missing
 * terminating chunk) and can hang up mid-stream like a client that went away.
 */
final class RawHttp implements AutoCloseable {

    private final Socket socket;
    private final BufferedReader reader;

    private RawHttp(Socket socket) throws IOException {
        this.socket = socket;
        this.socket.setSoTimeout(60_000);
        this.reader = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    }

    static RawHttp post(String path, String body, String... headers) throws IOException {
        RawHttp http = new RawHttp(new Socket("127.0.0.1", RestAssured.port));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder request = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                .append("Content-Type: application/json\r\nContent-Length: ").append(bytes.length).append("\r\n");
        for (String header : headers) {
            request.append(header).append("\r\n");
        }
        OutputStream out = http.socket.getOutputStream();
        out.write(request.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
        out.write(bytes);
        out.flush();
        return http;
    }

    /** The next line, or null at end of stream. */
    String readLine() throws IOException {
        return reader.readLine();
    }

    /** Reads until the line contains {@code text}; false if the stream ended first. */
    boolean readUntil(String text) throws IOException {
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.contains(text)) {
                return true;
            }
        }
        return false;
    }

    /** Every remaining line until the server closes the connection. */
    List<String> readToEnd() throws IOException {
        List<String> lines = new ArrayList<>();
        String line;
        while ((line = reader.readLine()) != null) {
            lines.add(line);
        }
        return lines;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
