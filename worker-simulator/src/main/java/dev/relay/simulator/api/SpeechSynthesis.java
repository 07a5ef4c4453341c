package dev.relay.simulator.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.relay.simulator.config.SimulatorConfig;
import dev.relay.simulator.engine.SplitMix;
import dev.relay.simulator.media.VoiceWaveform;
import dev.relay.simulator.media.WavFormat;
import dev.relay.simulator.service.GpuTime;
import dev.relay.simulator.service.MediaModels;
import dev.relay.simulator.service.MediaQueue;
import dev.relay.simulator.service.MediaRejected;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;

/**
 * {@code POST /v1/audio/speech}, OpenAI's shape: the {@code input} spoken by {@code voice} at {@code speed}, as a
 * WAV (16-bit PCM, mono, 24 kHz, OpenAI's output rate) or as the bare samples ({@code pcm}). Speech lasts
 * {@value #CHARACTERS_PER_SECOND} characters per second at speed 1, and at least half a second.
 */
@Singleton
class SpeechSynthesis extends MediaEndpoint {

    static final int SAMPLE_RATE = 24_000;
    static final double CHARACTERS_PER_SECOND = 15;
    private static final int MAX_INPUT = 4096;

    SpeechSynthesis(ObjectMapper json, MediaQueue queue, SimulatorConfig config, MediaModels models) {
        super(json, queue, config, models, MediaModels.Task.SPEECH);
    }

    @Override
    protected Future<Work> prepare(RoutingContext ctx) {
        ObjectNode body = MediaFields.object(json, ctx);
        String model = model(MediaFields.requiredText(body, "model"));
        String input = MediaFields.requiredText(body, "input");
        int characters = input.codePointCount(0, input.length());
        if (characters > MAX_INPUT) {
            throw MediaRejected.invalid("input", "'input' may have at most " + MAX_INPUT + " characters, it has "
                    + characters + ".");
        }
        String voice = MediaFields.optionalText(body, "voice", "alloy");
        String format = MediaFields.optionalText(body, "response_format", "wav");
        if (!format.equals("wav") && !format.equals("pcm")) {
            throw new MediaRejected(400, MediaRejected.INVALID_REQUEST, "response_format", "unsupported_format",
                    "unsupported format '" + format + "': this worker writes 'wav' or 'pcm'.");
        }
        double speed = MediaFields.optionalNumber(body, "speed", 1.0, 0.25, 4.0);
        double seconds = durationSeconds(characters, speed);
        int samples = (int) Math.round(seconds * SAMPLE_RATE);
        boolean wav = format.equals("wav");
        return Future.succeededFuture(new Work(model, GpuTime.speech(seconds),
                () -> answer(wav, samples, SplitMix.hash(voice), SplitMix.hash(input))));
    }

    /** How long the speech plays: characters at 15 a second, faster or slower by {@code speed}, at least 0.5 s. */
    static double durationSeconds(int characters, double speed) {
        return Math.max(0.5, characters / CHARACTERS_PER_SECOND / speed);
    }

    private static Answer answer(boolean wav, int samples, long voiceSeed, long textSeed) {
        int header = wav ? WavFormat.HEADER_BYTES : 0;
        byte[] audio = new byte[header + 2 * samples];
        if (wav) {
            WavFormat.writeHeader(audio, 0, SAMPLE_RATE, 1, 16, 2 * samples);
        }
        VoiceWaveform.write(audio, header, samples, SAMPLE_RATE, voiceSeed, textSeed);
        return new Answer(wav ? "audio/wav" : "audio/pcm", Buffer.buffer(audio));
    }
}
