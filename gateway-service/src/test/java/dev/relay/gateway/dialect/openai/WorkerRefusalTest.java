package dev.relay.gateway.dialect.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relay.gateway.service.ApiFailure;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

/** A worker's 4xx reaches the client as an OpenAI error its SDK understands, whatever shape the worker wrote. */
class WorkerRefusalTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void vllmsContextLengthRefusalIsOpenAisContextLengthExceeded() {
        ApiFailure refusal = Bodies.refusal(JSON, 400, Buffer.buffer("{\"object\":\"error\",\"message\":\"This model's"
                + " maximum context length is 32768 tokens. However, you requested 36877 tokens.\","
                + "\"type\":\"BadRequestError\",\"param\":null,\"code\":400}"));

        assertEquals(400, refusal.status());
        assertEquals("invalid_request_error", refusal.type());
        assertEquals("context_length_exceeded", refusal.code());
        assertEquals("messages", refusal.param());
        assertEquals("This model's maximum context length is 32768 tokens. However, you requested 36877 tokens.",
                refusal.getMessage());
    }

    @Test
    void ollamasBareStringRefusalKeepsItsMessageUnderAnOpenAiType() {
        ApiFailure refusal = Bodies.refusal(JSON, 400, Buffer.buffer("{\"error\":\"invalid tool call arguments\"}"));

        assertEquals("invalid_request_error", refusal.type());
        assertEquals("worker_rejected", refusal.code());
        assertNull(refusal.param());
        assertEquals("invalid tool call arguments", refusal.getMessage());
    }

    @Test
    void anOpenAiWorkersOwnTypeCodeAndParamArePassedOn() {
        ApiFailure refusal = Bodies.refusal(JSON, 404, Buffer.buffer("{\"error\":{\"message\":\"no such model\","
                + "\"type\":\"not_found_error\",\"param\":\"model\",\"code\":\"model_not_found\"}}"));

        assertEquals("not_found_error", refusal.type());
        assertEquals("model_not_found", refusal.code());
        assertEquals("model", refusal.param());
    }
}
