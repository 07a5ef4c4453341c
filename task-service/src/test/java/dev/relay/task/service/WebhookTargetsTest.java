package dev.relay.task.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.contracts.internal.ApiError;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which URLs a webhook may call: in production none that reaches into the cluster's own network. */
class WebhookTargetsTest {

    private final WebhookTargets production = new WebhookTargets(false);
    private final WebhookTargets local = new WebhookTargets(true);

    @ParameterizedTest
    @ValueSource(strings = {"https://127.0.0.1/hook", "https://localhost:8443/hook", "https://[::1]/hook",
            "https://10.0.0.7/hook", "https://192.168.1.20/hook", "https://172.16.5.5/hook",
            "https://169.254.169.254/latest/meta-data", "https://100.64.0.1/hook", "https://[fd00::1]/hook",
            "https://0.0.0.0/hook", "https://[::ffff:127.0.0.1]/hook", "https://[::127.0.0.1]/hook",
            "https://[64:ff9b::a9fe:a9fe]/hook", "https://[2002:a9fe:a9fe::1]/hook", "https://[2001::a9fe:a9fe]/hook",
            "https://[fe80::1]/hook", "https://0.0.0.1/hook", "https://192.0.0.192/hook", "https://198.18.0.1/hook",
            "https://240.0.0.1/hook", "https://255.255.255.255/hook", "https://224.0.0.1/hook",
            "https://2130706433/hook"})
    void productionRefusesAddressesInsideTheNetwork(String url) {
        ApiError refusal = assertThrows(ApiError.class, () -> production.registrable(url));

        assertEquals(400, refusal.status());
        assertEquals("url", refusal.param());
    }

    @Test
    void anInternationalHostIsRefusedWithItsPunycodeFormNamed() {
        ApiError refusal = assertThrows(ApiError.class, () -> production.registrable("https://\u4f8b\u5b50.com/x"));

        assertEquals("url", refusal.param());
        assertTrue(refusal.getMessage().contains("xn--"), refusal.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://93.184.216.34/hook", "ftp://93.184.216.34/hook", "https://user:pw@93.184.216.34/",
            "https:///hook", "not a url", "", "https://93.184.216.34/hook#part", "https://93.184.216.34:70000/",
            "https://93.184.216.34:0/"})
    void productionRefusesAnythingButAPlainHttpsUrl(String url) {
        assertThrows(ApiError.class, () -> production.registrable(url));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://93.184.216.34/hook", "https://[2606:2800:220:1:248:1893:25c8:1946]:8443/a?b=c"})
    void productionTakesHttpsUrlsOfPublicAddresses(String url) {
        assertEquals(URI.create(url), production.registrable(url));
    }

    @Test
    void aUrlIsMeasuredAndKeptAsItGoesOnTheWire() {
        String wide = "https://93.184.216.34/" + "\u6f22".repeat(200);

        assertEquals("https://93.184.216.34/" + "%E6%BC%A2".repeat(200), production.registrable(wide).toString());
        ApiError refusal = assertThrows(ApiError.class, () -> production.registrable(wide + "\u6f22".repeat(100)));
        assertEquals("url", refusal.param());
    }

    @Test
    void escapesAreKeptInUpperCaseSoThatOneUrlIsOneEndpoint() {
        assertEquals("https://93.184.216.34/u/%C3%A9",
                production.registrable("https://93.184.216.34/u/%c3%a9").toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"HTTPS://93.184.216.34/hook", "https://93.184.216.34:443/hook",
            "https://93.184.216.34/ho%6Fk", "https://93.184.216.34/%68%6f%6fk"})
    void oneUrlWrittenAnotherWayIsKeptAsTheSameUrl(String url) {
        assertEquals("https://93.184.216.34/hook", production.registrable(url).toString());
    }

    @Test
    void aHostIsKeptInLowerCaseAndAnEmptyPathAsASlash() {
        assertEquals("http://localhost:8080/", local.registrable("http://LocalHost:8080").toString());
    }

    @Test
    void aUrlIsMeasuredAsItIsKept() {
        String query = "?" + "q".repeat(2048 - "https://93.184.216.34?".length());

        ApiError refusal = assertThrows(ApiError.class, () -> production.registrable("https://93.184.216.34" + query));
        assertEquals("url", refusal.param());
    }

    @Test
    void textNoEncodingCanHoldIsAnInvalidUrlNotAFailure() {
        ApiError refusal = assertThrows(ApiError.class, () -> local.registrable("http://127.0.0.1:9/v/\ud800"));

        assertEquals("url", refusal.param());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8080/hook", "https://10.0.0.7/hook", "http://localhost/hook"})
    void localTargetsAllowPlainHttpAndLocalAddresses(String url) {
        assertEquals(URI.create(url), local.registrable(url));
        assertTrue(local.approved(URI.create(url)).join().approved());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://127.0.0.1/hook", "file:///etc/passwd"})
    void localTargetsStillRefuseOtherSchemes(String url) {
        assertThrows(ApiError.class, () -> local.registrable(url));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://127.0.0.1/hook", "https://169.254.169.254/"})
    void aDeliveryToALocalAddressIsRefusedInProduction(String url) {
        assertFalse(production.approved(URI.create(url)).join().approved());
    }

    @Test
    void aDeliveryIsApprovedAtTheAddressItsHostResolvedTo() {
        WebhookTargets.Target target = production.approved(URI.create("https://93.184.216.34:8443/hook")).join();

        assertTrue(target.approved());
        assertEquals("93.184.216.34", target.address().getHostAddress());
    }
}
