package dev.relay.gateway.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonParseException;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** What a client is told of a failure the gateway did not foresee: a 503 to retry, saying whose it was. */
class FailuresTest {

    @Test
    void aConnectionToAPeerThatBrokeIsADependencyUnavailable() {
        ApiFailure answer = Failures.toApi(new IOException("Broken pipe"));

        assertEquals(503, answer.status());
        assertEquals("A Relay dependency is unavailable, retry shortly", answer.getMessage());
    }

    @Test
    void jsonThatWouldNotParseIsNotTakenForABrokenConnection() {
        ApiFailure answer = Failures.toApi(new JsonParseException(null, "Unexpected character"));

        assertEquals(503, answer.status());
        assertEquals("The request could not be served, retry shortly", answer.getMessage());
    }
}
