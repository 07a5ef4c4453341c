package dev.relay.gateway.fleet;

import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A client that sends a non-streamed chat and leaves once the worker has it, before its answer. */
public final class LeavingClient {

    private LeavingClient() {
    }

    /**
     * Sends a chat to the healthy vLLM worker ({@code test-ok}) that it answers after a second ({@link
     * Fleet#TAKES_A_SECOND}), and closes the connection as soon as that worker was asked.
     */
    public static void sendSlowChatAndLeave(URL gateway, Fleet.TestKey key, String requestId) throws Exception {
        String prompt = Fleet.TAKES_A_SECOND + " " + requestId;
        String body = "{\"model\":\"test-ok\",\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]}";
        try (Socket socket = new Socket(gateway.getHost(), gateway.getPort())) {
            socket.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nX-API-Key: " + key.secret() + "\r\nx-request-id: " + requestId
                    + "\r\nContent-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
            Eventually.until(() -> Fleet.lastBodySeenBy("ok").encode().contains(requestId), Duration.ofSeconds(5),
                    "the worker to be asked");
        }
    }
}
