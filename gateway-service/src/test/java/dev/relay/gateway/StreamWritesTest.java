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
    void eventsTheWorkerSentTogetherReachTheClientInOneHttpChunk() throws Exception {
        TestKey key = Fleet.fundedKey(redis, 1_000_000);
        List<String> chunks = streamedChunks(key, "test-burst");

        String first = chunks.stream().filter(chunk -> chunk.contains("\"hello\"")).findFirst().orElseThrow();
        assertEquals(6, first.split("data: ").length - 1, "all five words and the stop chunk in one write: " + chunks);
        assertTrue(first.contains("\"finish_reason\":\"stop\""), first);
        assertTrue(String.join("", chunks).endsWith("data: [DONE]\n\n"), chunks.toString());
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
