package dev.relay.simulator.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relay.simulator.config.SimulatorConfig;
import dev.relay.simulator.service.ChatRequest;
import dev.relay.simulator.service.ChatService;
import dev.relay.simulator.service.Generation;
import dev.relay.simulator.service.GenerationListener;
import dev.relay.simulator.service.RequestRejected;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;

/**
 * What both chat protocols share: parse and validate, honour {@code x-sim-fault}, run the generation, and cancel
 * it in the engine when the client goes away. Subclasses only shape the bytes.
 */
abstract class ChatEndpoint implements Handler<RoutingContext> {

    protected final ObjectMapper json;
    private final ChatService chats;
    private final SimulatorConfig config;

    private final Function<JsonNode, ChatRequest> reader;
    private final boolean streamByDefault;

    /**
     * @param reader the protocol's body reader
     * @param streamByDefault whether a body without {@code stream} streams (Ollama) or not (OpenAI)
     */
    ChatEndpoint(ObjectMapper json, ChatService chats, SimulatorConfig config, Function<JsonNode, ChatRequest> reader,
                 boolean streamByDefault) {
        this.json = json;
        this.chats = chats;
        this.config = config;
        this.reader = reader;
        this.streamByDefault = streamByDefault;
    }

    /** One request being answered; the listener sees tokens on the request's context. */
    protected abstract class Exchange implements GenerationListener {

        protected final RoutingContext ctx;
        protected final ChatRequest request;
        protected final Generation generation;
        private final Fault fault;
        private int chunksSent;
        private boolean dropped;

        protected Exchange(RoutingContext ctx, ChatRequest request, Generation generation, Fault fault) {
            this.ctx = ctx;
            this.request = request;
            this.generation = generation;
            this.fault = fault;
        }

        /**
         * Call before sending a content chunk: false when an injected {@code fail-after} says the connection must
         * drop now instead (then it has been dropped and the engine freed).
         */
        protected boolean mayWriteChunk() {
            if (dropped) {
                return false;
            }
            if (fault.cutsAfter(chunksSent)) {
                dropped = true;
                generation.cancel();
                ctx.request().connection().close();
                return false;
            }
            chunksSent++;
            return true;
        }

        protected boolean live() {
            return !dropped && !ctx.response().closed();
        }
    }

    protected abstract Exchange streaming(RoutingContext ctx, JsonNode body, ChatRequest request, Generation generation,
                                          Fault fault);

    protected abstract Exchange whole(RoutingContext ctx, ChatRequest request, Generation generation, Fault fault);

    protected abstract void error(RoutingContext ctx, int status, String type, String message);

    @Override
    public void handle(RoutingContext ctx) {
        try {
            JsonNode body = parse(json, ctx);
            Fault fault = Fault.parse(ctx.request().getHeader(Fault.HEADER), config.faultInjectionEnabled());
            ChatRequest request = reader.apply(body);
            boolean stream = ChatRequests.wantsStream(body, streamByDefault);
            if (fault.kind() == Fault.Kind.FAIL_BEFORE) {
                error(ctx, 500, "InternalServerError", "injected failure (" + Fault.HEADER + ": fail-before)");
                return;
            }
            Generation generation = chats.prepare(request, ctx.vertx().getOrCreateContext());
            Exchange exchange = stream ? streaming(ctx, body, request, generation, fault)
                    : whole(ctx, request, generation, fault);
            ctx.response().closeHandler(ignored -> generation.cancel());
            if (fault.delayMillis() > 0) {
                ctx.vertx().setTimer(fault.delayMillis(), id -> start(ctx, generation, exchange));
            } else {
                start(ctx, generation, exchange);
            }
        } catch (RequestRejected e) {
            error(ctx, e.status(), e.type(), e.getMessage());
        }
    }

    private void start(RoutingContext ctx, Generation generation, Exchange exchange) {
        if (ctx.response().closed()) {
            return; // the client left during an injected delay
        }
        try {
            chats.start(generation, exchange);
        } catch (RequestRejected e) {
            error(ctx, e.status(), e.type(), e.getMessage());
        }
    }

    static JsonNode parse(ObjectMapper json, RoutingContext ctx) {
        String text = ctx.body().asString();
        if (text == null || text.isBlank()) {
            throw RequestRejected.badRequest("the request body is empty; a JSON object is expected");
        }
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw RequestRejected.badRequest("the request body is not valid JSON: " + e.getOriginalMessage());
        }
    }
}
