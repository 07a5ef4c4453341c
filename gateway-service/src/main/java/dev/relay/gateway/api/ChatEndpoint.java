package dev.relay.gateway.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.relay.gateway.dialect.anthropic.AnthropicRequests;
import dev.relay.gateway.dialect.anthropic.AnthropicSink;
import dev.relay.gateway.dialect.ollama.OllamaRequests;
import dev.relay.gateway.dialect.ollama.OllamaSink;
import dev.relay.gateway.dialect.openai.CompletionHeader;
import dev.relay.gateway.dialect.openai.InvalidRequest;
import dev.relay.gateway.dialect.openai.OpenAiChatRequests;
import dev.relay.gateway.dialect.openai.OpenAiChatSink;
import dev.relay.gateway.dialect.openai.OpenAiRequestSchema;
import dev.relay.gateway.dialect.openai.Violation;
import dev.relay.gateway.proxy.ChatCall;
import dev.relay.gateway.proxy.ChatSink;
import dev.relay.gateway.proxy.HeldSink;
import dev.relay.gateway.proxy.WorkerExchange;
import dev.relay.gateway.service.Admitted;
import dev.relay.gateway.service.ApiFailure;
import dev.relay.gateway.service.Caller;
import dev.relay.gateway.service.ChatService;
import dev.relay.gateway.service.OpenGpuTasks;
import dev.relay.gateway.service.RequestTiming;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The chat endpoints of every dialect. Each one only reads its request into a {@link ChatCall} and writes the
 * answer through its {@link ChatSink}; admission, routing, reservation, proxying and metering are shared.
 */
@ApplicationScoped
public class ChatEndpoint {

    /** Builds the dialect's sink once the request is admitted; {@code id} is the request's unique id. */
    @FunctionalInterface
    public interface SinkFactory {
        ChatSink create(RoutingContext ctx, ChatCall call, Task task, String id);
    }

    /** The task a request runs as, as its answer names it: its id, its mode and, in opengpu mode, its address. */
    public record Task(String id, String mode, String address) {
    }

    private final OpenAiChatRequests requests;
    private final AnthropicRequests anthropicRequests;
    private final OllamaRequests ollamaRequests;
    private final ChatService chat;
    private final Admission admission;
    private final AsyncChatSubmission asyncChat;
    private final OpenGpuTasks openGpuTasks;
    private final ObjectMapper json;

    public ChatEndpoint(OpenAiChatRequests requests, AnthropicRequests anthropicRequests, OllamaRequests ollamaRequests,
            ChatService chat, Admission admission, AsyncChatSubmission asyncChat, OpenGpuTasks openGpuTasks,
            ObjectMapper json) {
        this.requests = requests;
        this.anthropicRequests = anthropicRequests;
        this.ollamaRequests = ollamaRequests;
        this.chat = chat;
        this.admission = admission;
        this.asyncChat = asyncChat;
        this.openGpuTasks = openGpuTasks;
        this.json = json;
    }

    /** {@code POST /v2/anthropic/v1/messages}: Anthropic Messages in and out. */
    void anthropic(RoutingContext ctx) {
        serve(ctx, () -> anthropicRequests.read(ctx.body().buffer(), ctx.get(RequestTracking.REQUEST_ID)),
                (c, call, task, id) -> new AnthropicSink(c, json, "msg_" + id.replace("-", ""),
                        call.requestedModel(), call.prompt().tokenGuess()));
    }

    /** {@code POST /v2/ollama/api/chat}: Ollama chat in and out (NDJSON when streaming). */
    void ollama(RoutingContext ctx) {
        serve(ctx, () -> ollamaRequests.read(ctx.body().buffer(), ctx.get(RequestTracking.REQUEST_ID)),
                (c, call, task, id) -> OllamaSink.chat(c, json, call.requestedModel()));
    }

    /** {@code POST /v2/ollama/api/generate}: Ollama's one-prompt completion, run as a one-turn chat. */
    void ollamaGenerate(RoutingContext ctx) {
        serve(ctx, () -> ollamaRequests.readGenerate(ctx.body().buffer(), ctx.get(RequestTracking.REQUEST_ID)),
                (c, call, task, id) -> OllamaSink.generate(c, json, call.requestedModel()));
    }

    /** {@code POST /v1/chat/completions}: lenient, unknown fields are forwarded. */
    void openAi(RoutingContext ctx) {
        serve(ctx, () -> requests.read(ctx.body().buffer(), ctx.get(RequestTracking.REQUEST_ID)), this::openAiSink);
    }

    /** {@code POST /v2/{openai,vllm}/v1/chat/completions}: the published schema, 422 on any violation. */
    void openAiStrict(RoutingContext ctx) {
        serve(ctx, () -> {
            ObjectNode body = requests.parseStrict(ctx.body().buffer());
            OpenAiRequestSchema.validate(body);
            return requests.read(body, ctx.get(RequestTracking.REQUEST_ID));
        }, this::openAiSink);
    }

    public void serve(RoutingContext ctx, Supplier<ChatCall> reader, SinkFactory sinks) {
        ErrorWriter errors = ErrorWriter.of(ctx, json);
        Caller caller = ctx.get(Admission.CALLER);
        ChatCall call;
        try {
            call = reader.get();
        } catch (ApiFailure invalid) {
            admission.refuse(ctx, caller, invalid, errors);
            return;
        } catch (InvalidRequest invalid) {
            admission.countThen(ctx, caller, () -> unprocessable(ctx, json, invalid));
            return;
        }
        if (call.async() && caller.isGuest()) {
            admission.refuse(ctx, caller, AsyncChatSubmission.guestRefused(), errors);
            return;
        }
        ChatService.Early early = chat.early(caller, call);
        if (early != null) {
            serveEarly(ctx, caller, early, sinks, errors);
            return;
        }
        Admission.onLoop(chat.admit(caller, call), ctx).subscribe().with(admitted -> {
            Admission.rateHeaders(ctx, admitted.rate());
            String id = UUID.randomUUID().toString();
            Task task = task(admitted, id);
            if (admitted.call().async()) {
                asyncChat.submit(ctx, caller, admitted, task, errors);
                return;
            }
            name(ctx, task);
            ChatSink sink = sinks.create(ctx, admitted.call(), task, id);
            chat.run(caller, admitted, sink, ctx.get(RequestTiming.KEY), task.id());
        }, failure -> admission.refuse(ctx, caller, failure, errors));
    }

    /**
     * The worker is asked at once, while Redis decides the admission; nothing reaches the client until it passes.
     * Refused, the worker's request is given up and the client gets the refusal, as if the worker was never asked.
     */
    private void serveEarly(RoutingContext ctx, Caller caller, ChatService.Early early, SinkFactory sinks,
            ErrorWriter errors) {
        Admitted assumed = early.assumed();
        String id = UUID.randomUUID().toString();
        Task task = task(assumed, id);
        HeldSink held = new HeldSink(sinks.create(ctx, assumed.call(), task, id));
        WorkerExchange exchange = chat.runEarly(caller, assumed, held, ctx.get(RequestTiming.KEY), task.id());
        Admission.onLoop(early.verdict(), ctx).subscribe().with(admitted -> {
            Admission.rateHeaders(ctx, admitted.rate());
            name(ctx, task); // the task it runs as, whatever the verdict's own decision
            held.open();
            exchange.admitted();
        }, failure -> {
            exchange.abandon();
            held.drop();
            admission.refuse(ctx, caller, failure, errors);
        });
    }

    /** The task request {@code id} runs as; its address, a few Keccak hashes, is worked out here once. */
    private Task task(Admitted admitted, String id) {
        String taskId = admitted.taskId(id);
        return new Task(taskId, admitted.mode(), openGpuTasks.address(admitted.mode(), taskId));
    }

    /**
     * Every dialect's answer names its task in headers, also where its body has no place for it (Anthropic,
     * Ollama, an async task's 202): {@code x-relay-task-id}, {@code x-relay-mode} and, in opengpu mode,
     * {@code x-relay-task-address}.
     */
    static void name(RoutingContext ctx, Task task) {
        ctx.response().putHeader("x-relay-task-id", task.id()).putHeader("x-relay-mode", task.mode());
        if (task.address() != null) {
            ctx.response().putHeader("x-relay-task-address", task.address());
        }
    }

    private ChatSink openAiSink(RoutingContext ctx, ChatCall call, Task task, String id) {
        return new OpenAiChatSink(ctx, json,
                CompletionHeader.of(id, call.requestedModel(), task.id(), task.address(), task.mode()));
    }

    /** 422 with FastAPI's {@code detail[]}, and the OpenAI {@code error} the SDKs read. */
    static void unprocessable(RoutingContext ctx, ObjectMapper json, InvalidRequest invalid) {
        ObjectNode root = json.createObjectNode();
        ArrayNode detail = root.putArray("detail");
        for (Violation violation : invalid.violations()) {
            ObjectNode item = detail.addObject();
            ArrayNode loc = item.putArray("loc");
            // FastAPI writes a list index as a number: ["body","messages",1,"role"].
            violation.loc().forEach(part -> {
                if (part instanceof Integer index) {
                    loc.add(index);
                } else {
                    loc.add(String.valueOf(part));
                }
            });
            item.put("msg", violation.msg());
            item.put("type", violation.type());
        }
        // The OpenAI SDKs read only "error.message": without it they report "422 status code (no body)".
        ObjectNode error = root.putObject("error");
        error.put("message", invalid.violations().stream()
                .map(v -> String.join(".", v.loc().stream().map(String::valueOf).toList()) + ": " + v.msg())
                .collect(Collectors.joining("; ")));
        error.put("type", "invalid_request_error");
        error.putNull("param");
        error.put("code", "validation_error");
        ctx.response().setStatusCode(422).putHeader("Content-Type", "application/json").end(root.toString());
    }
}
