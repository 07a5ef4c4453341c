package dev.relay.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.gateway.fleet.FakeFleet;
import dev.relay.gateway.fleet.Fleet;
import dev.relay.gateway.fleet.Fleet.TestKey;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a stream reaches the client on the wire: HTTP chunks, read from a raw socket. */
@QuarkusTest
@WithTestResource(FakeFleet.class)
class StreamWritesTest {

    @Inject
    RedisDataSource redis;

    @TestHTTPResource("/")
    URL gateway;

    @Test
    void theFirstEventOfABurstGoesOutAloneAndTheRestOfTheBurstInOneHttpChunk() throws Exception {
        TestKey key = Fleet.fundedKey(redis, 1_000_000);
        List<String> chunks = streamedChunks(key, "test-burst");

        int first = indexOf(chunks, "\"hello\"");
        assertEquals(1, events(chunks.get(first)), "the first word at once, alone: " + chunks);
        String rest = chunks.get(first + 1);
        assertEquals(6, events(rest), "the other four words, the stop chunk and [DONE] in one write: " + chunks);
        assertTrue(rest.contains("\"finish_reason\":\"stop\""), rest);
        assertTrue(rest.endsWith("data: [DONE]\n\n"), rest);
    }

    private static int indexOf(List<String> chunks, String text) {
        for (int i = 0; i < chunks.size(); i++) {
            if (chunks.get(i).contains(text)) {
                return i;
            }
        }
        throw new AssertionError(text + " was never streamed: " + chunks);
    }

    private static int events(String chunk) {
        return chunk.split("data: ").length - 1;
    }

    /** Sends a streamed chat request and returns the body's HTTP chunks, in order. */
    private List<String> streamedChunks(TestKey key, String model) throws IOException {
        String body = "{\"model\":\"" + model + "\",\"stream\":true,\"max_tokens\":50,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"say hello\"}]}";
        try (Socket socket = new Socket(gateway.getHost(), gateway.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "X-API-Key: " + key.secret() + "\r\nContent-Length: "
                    + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            String status = line(in);
            assertEquals("HTTP/1.1 200 OK", status);
            boolean chunked = false;
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
                chunked |= header.equalsIgnoreCase("transfer-encoding: chunked");
            }
            assertTrue(chunked, "a stream is sent chunked");
            List<String> chunks = new ArrayList<>();
            for (int size = Integer.parseInt(line(in), 16); size > 0; size = Integer.parseInt(line(in), 16)) {
                chunks.add(new String(in.readNBytes(size), StandardCharsets.UTF_8));
                line(in); // the CRLF after the chunk's data
            }
            return chunks;
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed mid-line");
            }
            if (b != '\r') {
                bytes.write(b);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
