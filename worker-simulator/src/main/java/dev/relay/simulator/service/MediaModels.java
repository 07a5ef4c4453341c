package dev.relay.simulator.service;

import dev.relay.simulator.config.SimulatorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;

/**
 * Which served model a media request may use. An audio worker serves text-to-speech and speech-to-text models side
 * by side; a model whose name contains {@code whisper} or {@code transcribe} is a speech-to-text one, any other
 * speaks (as a real server, each model does only its own task).
 */
@ApplicationScoped
public class MediaModels {

    public enum Task { IMAGE, SPEECH, TRANSCRIPTION, VIDEO }

    private final SimulatorConfig config;

    public MediaModels(SimulatorConfig config) {
        this.config = config;
    }

    public String resolve(String model, Task task) {
        if (!config.models().contains(model)) {
            throw MediaRejected.unknownModel(model);
        }
        if (task == Task.SPEECH && transcribes(model)) {
            throw new MediaRejected(400, MediaRejected.INVALID_REQUEST, "model", "model_not_supported",
                    "The model `" + model + "` transcribes speech; it cannot synthesize it.");
        }
        if (task == Task.TRANSCRIPTION && !transcribes(model)) {
            throw new MediaRejected(400, MediaRejected.INVALID_REQUEST, "model", "model_not_supported",
                    "The model `" + model + "` synthesizes speech; it cannot transcribe audio.");
        }
        return model;
    }

    static boolean transcribes(String model) {
        String name = model.toLowerCase(Locale.ROOT);
        return name.contains("whisper") || name.contains("transcribe");
    }
}
