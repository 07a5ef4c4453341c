package dev.relay.task;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.relay.task.support.TestHosts;
import dev.relay.task.support.TlsHelloCatcher;
import dev.relay.task.support.WebhookReceiver;
import dev.relay.task.support.WebhookReceiver.Call;
import dev.relay.task.support.Webhooks;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * How a webhook call is made: to the very address its URL's check approved, under the URL's own host name (Host header,
 * TLS server name), judged on its status alone. The names used resolve only through the check's resolver (they are
 * under {@code .invalid}, which no DNS answers): a call that reached its receiver was not looked up a second time.
 */
@QuarkusTest
class WebhookCallTest {

    private static final WebhookReceiver receiver = WebhookReceiver.shared();

    @Inject
    TestHosts hosts;

    @Test
    void aCallGoesToTheAddressItsHostWasApprovedAtWithTheUrlsHostHeader() {
        String host = hosts.pointedAt(InetAddress.getLoopbackAddress());
        String account = account();
        String path = path();
        String endpoint = endpoint(account, receiver.url(host, path));

        sendTestEvent(account, endpoint);

        await("the call").atMost(Duration.ofSeconds(30)).until(() -> receiver.calls(path), hasSize(1));
        Call call = receiver.calls(path).get(0);
        assertEquals(host + ":" + receiver.port(), call.headers().get("host"));
    }

    @Test
    void anHttpsCallAsksTlsForTheUrlsHostNotForTheAddress() {
        try (TlsHelloCatcher tls = new TlsHelloCatcher()) {
            String host = hosts.pointedAt(InetAddress.getLoopbackAddress());
            String account = account();
            String endpoint = endpoint(account, "https://" + host + ":" + tls.port() + "/hook");

            sendTestEvent(account, endpoint);

            await("the TLS hello").atMost(Duration.ofSeconds(30)).until(tls::serverNames, not(empty()));
            assertEquals(host, tls.serverNames().get(0));
        }
    }

    /** The receiver answers 307 to the first call, pointing elsewhere on itself; the retry is answered 200. */
    @Test
    void aRedirectIsNotFollowed() {
        String account = account();
        String path = path();
        String endpoint = endpoint(account, receiver.url(path, 307));

        sendTestEvent(account, endpoint);

        JsonPath delivery = awaitDelivered(account, endpoint);
        assertEquals(2, delivery.getInt("attempts"));
        assertEquals(List.of(), receiver.calls(WebhookReceiver.REDIRECTED + path));
    }

    @Test
    void anAnswerWhoseBodyNeverEndsIsJudgedOnItsStatus() {
        String account = account();
        String endpoint = endpoint(account, receiver.url(path(), WebhookReceiver.ENDLESS));

        sendTestEvent(account, endpoint);

        JsonPath delivery = awaitDelivered(account, endpoint);
        assertEquals(1, delivery.getInt("attempts"));
        assertEquals(200, delivery.getInt("last_status"));
    }

    private static String endpoint(String account, String url) {
        return Webhooks.register(account, Map.of("url", url)).then().statusCode(201).extract().path("id");
    }

    private static void sendTestEvent(String account, String endpoint) {
        given().queryParam("account_id", account).post("/internal/webhooks/" + endpoint + "/test")
                .then().statusCode(202);
    }

    /** The endpoint's one delivery, once delivered. */
    private static JsonPath awaitDelivered(String account, String endpoint) {
        await("the delivery").atMost(Duration.ofSeconds(30)).until(() -> "delivered".equals(delivery(account, endpoint)
                .getString("state")));
        return delivery(account, endpoint);
    }

    private static JsonPath delivery(String account, String endpoint) {
        return given().queryParam("account_id", account).get("/internal/webhooks/" + endpoint + "/deliveries")
                .then().statusCode(200).extract().jsonPath().setRootPath("deliveries[0]");
    }

    private static String account() {
        return "acct-" + UUID.randomUUID();
    }

    private static String path() {
        return "/hook/" + UUID.randomUUID();
    }
}
