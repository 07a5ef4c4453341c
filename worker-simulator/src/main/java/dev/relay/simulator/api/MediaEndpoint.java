package dev.relay.simulator.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relay.simulator.config.SimulatorConfig;
import dev.relay.simulator.service.MediaModels;
import dev.relay.simulator.service.MediaQueue;
import dev.relay.simulator.service.MediaRejected;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.Callable;
import org.jboss.logging.Logger;

/**
 * What the request/response media endpoints (pictures, speech, transcriptions) share: read and validate, honour
 * {@code x-sim-fault}, hold a GPU slot for the job's simulated time while the file is rendered on a worker thread
 * (never on the event loop), answer once both are done, and give the slot back if the client leaves first.
 */
abstract class MediaEndpoint implements Handler<RoutingContext> {

    private static final Logger LOG = Logger.getLogger(MediaEndpoint.class);

    /** A validated request: the model, its GPU time at speed 1, and how to render the answer (off the event loop). */
    record Work(String model, double gpuSeconds, Callable<Answer> render) {
    }

    record Answer(String contentType, Buffer body) {
    }

    protected final ObjectMapper json;
    private final MediaQueue queue;
    private final SimulatorConfig config;
    private final MediaModels models;
    private final MediaModels.Task task;

    MediaEndpoint(ObjectMapper json, MediaQueue queue, SimulatorConfig config, MediaModels models,
                  MediaModels.Task task) {
        this.json = json;
        this.queue = queue;
        this.config = config;
        this.models = models;
        this.task = task;
    }

    /** The served model the request names, if it may do this endpoint's task (else 404 or 400). */
    protected String model(String requested) {
        return models.resolve(requested, task);
    }

    /** Reads and validates the request; refusals are {@link MediaRejected}, thrown or as the future's failure. */
    protected abstract Future<Work> prepare(RoutingContext ctx);

    @Override
    public void handle(RoutingContext ctx) {
        Fault fault;
        Future<Work> work;
        try {
            fault = MediaFaults.parse(ctx, config);
            if (fault.kind() == Fault.Kind.FAIL_BEFORE) {
                OpenAiErrors.send(json, ctx, MediaFaults.injected("fail-before"));
                return;
            }
            work = prepare(ctx);
        } catch (MediaRejected e) {
            OpenAiErrors.send(json, ctx, e);
            return;
        }
        work.onSuccess(w -> run(ctx, w, fault)).onFailure(e -> fail(ctx, e));
    }

    private void run(RoutingContext ctx, Work work, Fault fault) {
        Future<Answer> rendered = ctx.vertx().executeBlocking(work.render(), false);
        Promise<Void> generated = Promise.promise();
        Context context = ctx.vertx().getOrCreateContext();
        Runnable submit = () -> {
            if (ctx.response().closed()) {
                return; // the client left during an injected delay
            }
            MediaQueue.Job job = queue.submit(work.model(), work.gpuSeconds(), context, generated::tryComplete);
            ctx.response().closeHandler(ignored -> queue.cancel(job));
        };
        if (fault.delayMillis() > 0) {
            ctx.vertx().setTimer(fault.delayMillis(), id -> submit.run());
        } else {
            submit.run();
        }
        Future.all(rendered, generated.future()).onComplete(done -> {
            if (ctx.response().closed()) {
                return;
            }
            if (done.failed()) {
                fail(ctx, done.cause());
            } else if (fault.kind() == Fault.Kind.FAIL_AFTER) {
                MediaFaults.drop(ctx);
            } else {
                Answer answer = rendered.result();
                ctx.response().putHeader("content-type", answer.contentType()).end(answer.body());
            }
        });
    }

    private void fail(RoutingContext ctx, Throwable cause) {
        if (cause instanceof MediaRejected rejected) {
            OpenAiErrors.send(json, ctx, rejected);
            return;
        }
        LOG.warnf(cause, "%s %s failed", ctx.request().method(), ctx.request().path());
        OpenAiErrors.send(json, ctx, new MediaRejected(500, "server_error", null, "internal_error",
                "The worker failed to produce the result: " + cause));
    }
}
