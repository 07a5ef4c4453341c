package dev.relay.task.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Signatures as Standard Webhooks specifies them, checked against the specification's own example. */
class WebhookSignatureTest {

    @Test
    void signsTheSpecificationsExampleAsTheSpecificationDoes() {
        String signature = WebhookSignature.sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}");

        assertEquals("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", signature);
    }

    @Test
    void aNewSecretIs32RandomBytesAfterItsPrefix() {
        String one = WebhookSignature.newSecret();
        String two = WebhookSignature.newSecret();

        assertTrue(one.startsWith("whsec_"), one);
        assertEquals(32, Base64.getDecoder().decode(one.substring("whsec_".length())).length);
        assertNotEquals(one, two);
    }
}
