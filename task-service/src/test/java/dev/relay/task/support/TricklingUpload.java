package dev.relay.task.support;

import io.restassured.RestAssured;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An upload that declares a length, sends its headers and the start of its body, then a byte at a time, slowly, for
 * as long as the server takes them: never its whole body. Read on a raw socket, so that what the server does with the
 * connection shows: its answer, then the end of the connection, or nothing.
 */
public final class TricklingUpload implements AutoCloseable {

    private final Socket socket;
    private final CompletableFuture<Void> cutOff;

    private TricklingUpload(Socket socket, CompletableFuture<Void> cutOff) {
        this.socket = socket;
        this.cutOff = cutOff;
    }

    public static TricklingUpload start(String path, long declaredLength, int firstBytes) throws IOException {
        Socket socket = new Socket("127.0.0.1", RestAssured.port);
        socket.setSoTimeout(30_000); // a connection the server keeps open fails the test instead of blocking it
        OutputStream out = socket.getOutputStream();
        out.write(("PUT " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: video/mp4\r\nContent-Length: "
                + declaredLength + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(new byte[firstBytes]);
        out.flush();
        CompletableFuture<Void> cutOff = CompletableFuture.runAsync(() -> {
            try {
                while (true) {
                    out.write(0);
                    out.flush();
                    Thread.sleep(20);
                }
            } catch (IOException refused) {
                // the server closed the connection: what is watched for
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, runnable -> Thread.ofVirtual().start(runnable));
        return new TricklingUpload(socket, cutOff);
    }

    /** What the server sent until it ended the connection; fails when it keeps it open past the socket's timeout. */
    public String received() throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[4096];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                received.write(buffer, 0, n);
            }
        } catch (SocketException reset) {
            // a reset ends the connection too
        }
        return received.toString(StandardCharsets.UTF_8);
    }

    /** Waits until the server refuses the trickle: the connection closed whole, not only its way back. */
    public void awaitCutOff() throws Exception {
        cutOff.get(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
