package dev.relay.gateway.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Workers' streams arrive in reads that may cut lines, and characters, anywhere. */
class WorkerStreamDecodingTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aCharacterCutInTwoByAReadArrivesWhole() {
        StreamDecoder sse = new OpenAiProtocol(json, true).streamDecoder();
        byte[] event = "data: {\"choices\":[{\"delta\":{\"content\":\"naïve 日本\"}}]}\n\n".getBytes(StandardCharsets.UTF_8);
        int cut = indexOf(event, "本".getBytes(StandardCharsets.UTF_8)) + 1; // inside the three bytes of 本

        List<ObjectNode> first = sse.feed(Buffer.buffer(Arrays.copyOfRange(event, 0, cut)));
        List<ObjectNode> rest = sse.feed(Buffer.buffer(Arrays.copyOfRange(event, cut, event.length)));

        assertTrue(first.isEmpty());
        assertEquals("naïve 日本", rest.get(0).at("/choices/0/delta/content").asText());
    }

    @Test
    void crlfLineEndsAndDataWithoutASpaceAreServerSentEventsToo() {
        StreamDecoder sse = new OpenAiProtocol(json, true).streamDecoder();

        List<ObjectNode> chunks = sse.feed(Buffer.buffer(": keep-alive\r\n\r\ndata:{\"id\":\"a\"}\r\n\r\ndata:[DONE]\r\n\r\n"));

        assertEquals(1, chunks.size());
        assertEquals("a", chunks.get(0).path("id").asText());
        assertTrue(sse.finished());
    }

    @Test
    void aStreamCutBeforeDoneIsNotFinished() {
        StreamDecoder sse = new OpenAiProtocol(json, true).streamDecoder();

        sse.feed(Buffer.buffer("data: {\"id\":\"a\"}\n\ndata: [DO"));

        assertFalse(sse.finished());
    }

    @Test
    void ollamaLinesSplitAcrossReadsBecomeChunksAndItsLastLineEndsTheStream() {
        StreamDecoder ndjson = new OllamaProtocol(json).streamDecoder();

        List<ObjectNode> first = ndjson.feed(Buffer.buffer("{\"message\":{\"content\":\"hel"));
        List<ObjectNode> second = ndjson.feed(Buffer.buffer("lo\"},\"done\":false}\n\n  \n{\"message\":{\"content\":\"\"},"
                + "\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":3,\"eval_count\":1}\n"));

        assertTrue(first.isEmpty());
        assertEquals("hello", second.get(0).at("/choices/0/delta/content").asText());
        assertEquals(1, second.get(2).at("/usage/completion_tokens").asInt());
        assertTrue(ndjson.finished());
    }

    @Test
    void onlyTheFirstChunkOfAnOllamaStreamNamesTheAssistantRoleAsOpenAiStreamsDo() {
        StreamDecoder ndjson = new OllamaProtocol(json).streamDecoder();

        List<ObjectNode> chunks = ndjson.feed(Buffer.buffer("{\"message\":{\"role\":\"assistant\",\"content\":\"hi\"},"
                + "\"done\":false}\n{\"message\":{\"role\":\"assistant\",\"content\":\" there\"},\"done\":false}\n"));

        assertEquals("assistant", chunks.get(0).at("/choices/0/delta/role").asText());
        assertTrue(chunks.get(1).at("/choices/0/delta/role").isMissingNode());
    }

    @Test
    void anOllamaToolCallBecomesAnOpenAiToolCallDeltaWithIdAndArgumentsAsText() {
        StreamDecoder ndjson = new OllamaProtocol(json).streamDecoder();

        List<ObjectNode> chunks = ndjson.feed(Buffer.buffer("{\"message\":{\"role\":\"assistant\",\"content\":\"\","
                + "\"tool_calls\":[{\"function\":{\"name\":\"get_weather\",\"arguments\":{\"city\":\"Paris\"}}}]},"
                + "\"done\":false}\n{\"message\":{\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\"}\n"));

        ObjectNode call = (ObjectNode) chunks.get(0).at("/choices/0/delta/tool_calls/0");
        assertEquals(0, call.path("index").asInt(-1));
        assertTrue(call.path("id").asText().startsWith("call_"), call.toString());
        assertEquals("get_weather", call.at("/function/name").asText());
        assertEquals("{\"city\":\"Paris\"}", call.at("/function/arguments").asText());
        assertEquals("tool_calls", chunks.get(1).at("/choices/0/finish_reason").asText());
    }

    @Test
    void anOllamaLastLineWithToolCallsSendsTheFinishReasonInAChunkOfItsOwn() {
        StreamDecoder ndjson = new OllamaProtocol(json).streamDecoder();

        List<ObjectNode> chunks = ndjson.feed(Buffer.buffer("{\"message\":{\"role\":\"assistant\",\"content\":\"\","
                + "\"tool_calls\":[{\"function\":{\"name\":\"get_weather\",\"arguments\":{\"city\":\"Paris\"}}}]},"
                + "\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":3,\"eval_count\":9}\n"));

        assertEquals("get_weather", chunks.get(0).at("/choices/0/delta/tool_calls/0/function/name").asText());
        assertTrue(chunks.get(0).at("/choices/0/finish_reason").isNull());
        assertTrue(chunks.get(1).at("/choices/0/delta/tool_calls").isMissingNode());
        assertEquals("tool_calls", chunks.get(1).at("/choices/0/finish_reason").asText());
        assertEquals(9, chunks.get(2).at("/usage/completion_tokens").asInt());
    }

    @Test
    void aLineLongerThanTheLimitIsABrokenWorkerNotAnEndlessBuffer() {
        StreamDecoder sse = new OpenAiProtocol(json, true).streamDecoder();
        byte[] read = new byte[64 * 1024];
        Arrays.fill(read, (byte) 'x');
        sse.feed(Buffer.buffer("data: {\"id\":\""));

        WorkerAnswerException broken = assertThrows(WorkerAnswerException.class, () -> {
            for (int fed = 0; fed <= LineStreamDecoder.MAX_LINE_BYTES; fed += read.length) {
                sse.feed(Buffer.buffer(read));
            }
        });
        assertTrue(broken.getMessage().contains("longer than"), broken.getMessage());
    }

    @Test
    void aLongLineArrivingInManyReadsIsOneChunk() {
        StreamDecoder sse = new OpenAiProtocol(json, true).streamDecoder();
        String text = "y".repeat(200_000);
        byte[] event = ("data: {\"choices\":[{\"delta\":{\"content\":\"" + text + "\"}}]}\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);

        List<ObjectNode> chunks = new ArrayList<>();
        for (int from = 0; from < event.length; from += 1000) {
            chunks.addAll(sse.feed(Buffer.buffer(Arrays.copyOfRange(event, from, Math.min(event.length, from + 1000)))));
        }

        assertEquals(1, chunks.size());
        assertEquals(text, chunks.get(0).at("/choices/0/delta/content").asText());
    }

    @Test
    void aByteThatIsNotUtf8BecomesTheReplacementCharacterAndTheStreamGoesOn() {
        StreamDecoder sse = new OpenAiProtocol(json, true).streamDecoder();
        byte[] before = "data: {\"choices\":[{\"delta\":{\"content\":\"ab".getBytes(StandardCharsets.UTF_8);
        byte[] after = "cd\"}}]}\n\ndata: {\"id\":\"next\"}\n\n".getBytes(StandardCharsets.UTF_8);
        byte[] event = Arrays.copyOf(before, before.length + 1 + after.length);
        event[before.length] = (byte) 0xFF; // never valid in UTF-8
        System.arraycopy(after, 0, event, before.length + 1, after.length);

        List<ObjectNode> chunks = sse.feed(Buffer.buffer(event));

        assertEquals("ab\uFFFDcd", chunks.get(0).at("/choices/0/delta/content").asText());
        assertEquals("next", chunks.get(1).path("id").asText());
    }

    @Test
    void aLineThatIsNotJsonStillBreaksTheStream() {
        StreamDecoder sse = new OpenAiProtocol(json, true).streamDecoder();

        WorkerAnswerException broken = assertThrows(WorkerAnswerException.class,
                () -> sse.feed(Buffer.buffer("data: {\"choices\":[\n\n")));

        assertTrue(broken.getMessage().contains("invalid JSON"), broken.getMessage());
    }

    @Test
    void chunksBeforeABrokenLineInTheSameReadAreKept() {
        StreamDecoder sse = new OpenAiProtocol(json, true).streamDecoder();
        List<ObjectNode> chunks = new ArrayList<>();

        assertThrows(WorkerAnswerException.class, () -> sse.feed(Buffer.buffer(
                "data: {\"id\":\"a\"}\n\ndata: {\"error\":{\"message\":\"CUDA out of memory\"}}\n\n"), chunks));

        assertEquals(1, chunks.size());
        assertEquals("a", chunks.get(0).path("id").asText());
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }
}
