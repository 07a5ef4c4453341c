package dev.relay.simulator.api;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The fleet's media workers as test profiles: sim-5 (image), sim-6 (audio) and sim-7 (video). */
final class MediaProfiles {

    private MediaProfiles() {
    }

    public static class Image implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("relay.simulator.protocol", "image", "relay.simulator.models", "flux,qwen-image");
        }
    }

    public static class Audio implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("relay.simulator.protocol", "audio", "relay.simulator.models", "sesame,whisper");
        }
    }

    /** A GPU half as fast as the reference, so that a 12-second video stays in progress long enough to be seen. */
    public static class Video implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("relay.simulator.protocol", "video", "relay.simulator.models", "wan-25",
                    "relay.simulator.speed-factor", "0.5");
        }
    }
}
