package dev.relay.gateway.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.relay.gateway.service.ApiFailure;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The client side of a request whose worker was asked before its admission was decided: until {@link #open} nothing
 * reaches the client, and what the exchange writes meanwhile waits here in order. Refused instead, the request is
 * answered with the refusal and what waited is dropped. Called on the request's event loop only.
 */
public final class HeldSink implements ChatSink {

    /** Chunks waiting before the worker is paused: admission takes a Redis round trip, a stream may be faster. */
    static final int MAX_WAITING = 64;

    private final ChatSink client;
    private List<Runnable> waiting = new ArrayList<>();
    private List<Runnable> drainWaiters = new ArrayList<>();

    public HeldSink(ChatSink client) {
        this.client = client;
    }

    private boolean held() {
        return waiting != null;
    }

    /** Admitted: what waited goes out in one write, and from now on everything goes straight through. */
    public void open() {
        if (!held()) {
            return;
        }
        List<Runnable> writes = waiting;
        List<Runnable> paused = drainWaiters;
        waiting = null;
        drainWaiters = null;
        if (!writes.isEmpty()) {
            client.inOneWrite(() -> writes.forEach(Runnable::run));
        }
        paused.forEach(this::onDrain);
    }

    /** Refused: nothing that waited may reach the client. */
    public void drop() {
        if (held()) {
            waiting.clear();
            drainWaiters.clear();
        }
    }

    private void write(Runnable write) {
        if (held()) {
            waiting.add(write);
        } else {
            write.run();
        }
    }

    @Override
    public void attemptStarted() {
        if (held()) {
            waiting.clear(); // an earlier worker's answer, never sent
        }
        client.attemptStarted();
    }

    @Override
    public void completion(ObjectNode completion) {
        write(() -> client.completion(completion));
    }

    @Override
    public void chunk(ObjectNode chunk) {
        write(() -> client.chunk(chunk));
    }

    @Override
    public void workerUsage(JsonNode usage) {
        write(() -> client.workerUsage(usage));
    }

    @Override
    public void inOneWrite(Runnable chunks) {
        if (held()) {
            chunks.run();
        } else {
            client.inOneWrite(chunks);
        }
    }

    @Override
    public void done() {
        write(client::done);
    }

    @Override
    public void brokenStream() {
        write(client::brokenStream);
    }

    @Override
    public void fail(ApiFailure failure) {
        write(() -> client.fail(failure));
    }

    @Override
    public void workerRefused(int status, Buffer body) {
        write(() -> client.workerRefused(status, body));
    }

    /** Nothing is sent while held, so a worker failing meanwhile may still be replaced. */
    @Override
    public boolean committed() {
        return !held() && client.committed();
    }

    @Override
    public boolean congested() {
        return held() ? waiting.size() >= MAX_WAITING : client.congested();
    }

    @Override
    public void onDrain(Runnable resume) {
        if (held()) {
            drainWaiters.add(resume);
        } else if (client.congested()) {
            client.onDrain(resume);
        } else {
            resume.run();
        }
    }

    @Override
    public void onClientGone(Runnable gone) {
        client.onClientGone(gone);
    }
}
