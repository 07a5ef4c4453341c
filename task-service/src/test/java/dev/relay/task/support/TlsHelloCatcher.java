package dev.relay.task.support;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TLS server on 127.0.0.1 that goes no further than its clients' hellos: it records the server name each one asked
 * for (SNI), then hangs up, so that no call it receives is ever delivered.
 */
public final class TlsHelloCatcher implements AutoCloseable {

    private static final int HANDSHAKE = 22;
    private static final int CLIENT_HELLO = 1;
    private static final int SERVER_NAME = 0;

    private final ServerSocket server;
    private final List<String> serverNames = new CopyOnWriteArrayList<>();

    public TlsHelloCatcher() {
        try {
            server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(this::accept, "tls-hello-catcher");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** The server names asked for so far, one a hello ("" for a hello that named none). */
    public List<String> serverNames() {
        return serverNames;
    }

    private void accept() {
        while (!server.isClosed()) {
            try (Socket client = server.accept()) {
                client.setSoTimeout(10_000);
                serverNames.add(serverName(new DataInputStream(client.getInputStream())));
            } catch (IOException e) {
                // closed, or a client that sent no hello: nothing to record
            }
        }
    }

    /** The host_name of a ClientHello's server_name extension (RFC 6066), read from its first record. */
    private static String serverName(DataInputStream in) throws IOException {
        int type = in.readUnsignedByte();
        in.readUnsignedShort(); // record version
        byte[] record = new byte[in.readUnsignedShort()];
        in.readFully(record);
        ByteBuffer hello = ByteBuffer.wrap(record);
        if (type != HANDSHAKE || hello.get() != CLIENT_HELLO) {
            throw new IOException("not a ClientHello");
        }
        skip(hello, 3 + 2 + 32); // length, client version, random
        skip(hello, hello.get() & 0xff); // session id
        skip(hello, hello.getShort() & 0xffff); // cipher suites
        skip(hello, hello.get() & 0xff); // compression methods
        int extensionsEnd = (hello.getShort() & 0xffff) + hello.position();
        while (hello.position() < extensionsEnd) {
            int extension = hello.getShort() & 0xffff;
            int length = hello.getShort() & 0xffff;
            if (extension != SERVER_NAME) {
                skip(hello, length);
                continue;
            }
            skip(hello, 2 + 1); // list length, name type (host_name)
            byte[] name = new byte[hello.getShort() & 0xffff];
            hello.get(name);
            return new String(name, StandardCharsets.US_ASCII);
        }
        return "";
    }

    private static void skip(ByteBuffer buffer, int bytes) {
        buffer.position(buffer.position() + bytes);
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closed either way
        }
    }
}
