package dev.relay.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.auth.service.ApiKeyHasher;
import org.junit.jupiter.api.Test;

class ApiKeyHasherTest {

    @Test
    void hashIsLowercaseHexSha256OfTheUtf8Key() {
        // FIPS 180-2 test vector for "abc".
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", ApiKeyHasher.sha256Hex("abc"));
    }

    @Test
    void sameSecretComparesWholeValues() {
        assertTrue(ApiKeyHasher.sameSecret("relay_sk_abc", "relay_sk_abc"));
        assertFalse(ApiKeyHasher.sameSecret("relay_sk_abc", "relay_sk_abd"));
        assertFalse(ApiKeyHasher.sameSecret("relay_sk_abc", "relay_sk_ab"));
    }
}
