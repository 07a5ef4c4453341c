package dev.relay.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The foundation's promise: one paid request through the real fleet, billed exactly, and bad ones never billed. */
class PaidChatCompletionTest {

    private static final String MODEL = "Qwen/Qwen3-Coder";
    private static Fleet fleet;

    @BeforeAll
    static void startFleet() throws Exception {
        fleet = Fleet.start();
    }

    @Test
    void chatCompletionIsServedByAWorkerAndDebitedAtTheModelPrice() {
        Account account = Account.funded(fleet, 5_000_000);

        JsonPath completion = given().baseUri(fleet.baseUrl)
                .header("Authorization", "Bearer " + account.key())
                .contentType("application/json")
                .body(Map.of("model", MODEL, "messages", List.of(Map.of("role", "user", "content", "Hello"))))
                .post("/v1/chat/completions")
                .then().statusCode(200)
                .body("id", startsWith("chatcmpl-"))
                .body("object", equalTo("chat.completion"))
                .body("created", notNullValue())
                .body("model", notNullValue())
                .body("choices[0].message.role", equalTo("assistant"))
                .body("usage.completion_tokens", greaterThan(0))
                .extract().jsonPath();

        long expectedCost = Prices.of(fleet, MODEL).cost(
                completion.getLong("usage.prompt_tokens"), completion.getLong("usage.completion_tokens"));
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertEquals(5_000_000 - expectedCost, account.balanceMicro()));
    }

    @Test
    void usageListsTheMeteredRequestWithItsTokensAndCost() {
        Account account = Account.funded(fleet, 5_000_000);
        JsonPath completion = given().baseUri(fleet.baseUrl).header("Authorization", "Bearer " + account.key())
                .contentType("application/json")
                .body(Map.of("model", MODEL, "messages", List.of(Map.of("role", "user", "content", "Hello"))))
                .post("/v1/chat/completions").then().statusCode(200).extract().jsonPath();
        long prompt = completion.getLong("usage.prompt_tokens");
        long output = completion.getLong("usage.completion_tokens");

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                given().baseUri(fleet.baseUrl).header("Authorization", "Bearer " + account.key())
                        .get("/v1/usage?limit=10").then().statusCode(200)
                        .body("data.size()", equalTo(1))
                        .body("data[0].prompt_tokens", equalTo((int) prompt))
                        .body("data[0].completion_tokens", equalTo((int) output))
                        .body("data[0].cost_micro", equalTo((int) Prices.of(fleet, MODEL).cost(prompt, output)))
                        .body("next_cursor", nullValue()));
    }

    @Test
    void balanceEndpointAnswersInMicroAndDollars() {
        Account account = Account.funded(fleet, 4_500_000);

        given().baseUri(fleet.baseUrl).header("Authorization", "Bearer " + account.key())
                .get("/v1/balance")
                .then().statusCode(200)
                .body("credits_micro", equalTo(4_500_000))
                .body("credits_dollars", equalTo(4.5f));
    }

    @Test
    void aGuestCallingAPaidModelIsRefusedWith403AndNothingIsBilled() {
        Account account = Account.funded(fleet, 1_000_000);

        given().baseUri(fleet.baseUrl).contentType("application/json")
                .body(Map.of("model", MODEL, "messages", List.of(Map.of("role", "user", "content", "Hi"))))
                .post("/v1/chat/completions")
                .then().statusCode(403).body("error.code", equalTo("model_requires_key"))
                .body("error.message", notNullValue());

        account.assertBalanceStays(1_000_000);
    }

    @Test
    void wrongKeyIsRejectedWithAnOpenAiError() {
        given().baseUri(fleet.baseUrl).contentType("application/json")
                .header("Authorization", "Bearer relay_sk_" + UUID.randomUUID().toString().replace("-", ""))
                .body(Map.of("model", MODEL, "messages", List.of(Map.of("role", "user", "content", "Hi"))))
                .post("/v1/chat/completions")
                .then().statusCode(401).body("error.code", equalTo("invalid_api_key"));
    }

    @Test
    void unknownModelIsModelNotFoundAndNotBilled() {
        Account account = Account.funded(fleet, 1_000_000);

        given().baseUri(fleet.baseUrl).contentType("application/json")
                .header("Authorization", "Bearer " + account.key())
                .body(Map.of("model", "no-such/model", "messages", List.of(Map.of("role", "user", "content", "Hi"))))
                .post("/v1/chat/completions")
                .then().statusCode(404).body("error.code", equalTo("model_not_found"));

        account.assertBalanceStays(1_000_000);
    }

    @Test
    void malformedJsonIsBadRequestAndNotBilled() {
        Account account = Account.funded(fleet, 1_000_000);

        given().baseUri(fleet.baseUrl).contentType("application/json")
                .header("Authorization", "Bearer " + account.key())
                .body("{\"model\": \"" + MODEL + "\", \"messages\": [")
                .post("/v1/chat/completions")
                .then().statusCode(400).body("error.type", equalTo("invalid_request_error"));

        account.assertBalanceStays(1_000_000);
    }
}
