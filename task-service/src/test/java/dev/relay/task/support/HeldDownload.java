package dev.relay.task.support;

import io.restassured.RestAssured;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

/**
 * A media download whose caller reads its head at once and its body only when told, through a small receive buffer:
 * until then the server is held mid-body (a medium of several MiB is far more than the connection's buffers hold), as
 * by a slow client. A 200 read is thus the sign that the download holds its place among those being sent.
 */
public final class HeldDownload implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final String head;

    private HeldDownload(Socket socket, InputStream in, String head) {
        this.socket = socket;
        this.in = in;
        this.head = head;
    }

    /** Asks for the medium and reads the answer's head. */
    public static HeldDownload start(String taskId, String name, String accountId) {
        Socket socket = new Socket();
        try {
            socket.setReceiveBufferSize(16 * 1024);
            socket.setSoTimeout(60_000); // a hang fails the test instead of blocking the build
            socket.connect(new InetSocketAddress("127.0.0.1", RestAssured.port));
            socket.getOutputStream().write(("GET " + Media.path(taskId, name) + "?account_id=" + accountId
                    + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = new BufferedInputStream(socket.getInputStream());
            return new HeldDownload(socket, in, readHead(in));
        } catch (IOException e) {
            close(socket);
            throw new UncheckedIOException(e);
        }
    }

    public int status() {
        return Integer.parseInt(head.substring("HTTP/1.1 ".length(), "HTTP/1.1 ".length() + 3));
    }

    /** The answer's status line and headers. */
    public String head() {
        return head;
    }

    /** Reads the rest of the body, until the server ends or cuts the connection. */
    public byte[] rest() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            in.transferTo(body);
        } catch (SocketException reset) {
            // a reset ends the response too
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return body.toByteArray();
    }

    /** The caller leaves, whatever is left of the body unread. */
    @Override
    public void close() {
        close(socket);
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
            int next = in.read();
            if (next < 0) {
                throw new IOException("the connection ended before the head: " + head);
            }
            head.append((char) next);
        }
        return head.toString();
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closed either way
        }
    }
}
