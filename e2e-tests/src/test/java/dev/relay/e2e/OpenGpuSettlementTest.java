package dev.relay.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.opengpu.TaskBook;
import io.restassured.path.json.JsonPath;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * opengpu mode end to end: a model only an OpenGPU provider serves runs there, its answer names the task's address on
 * chain, and settlement-service pays the provider by creating the task's contract at that very address (anvil).
 */
class OpenGpuSettlementTest {

    /** Served by the fleet's one opengpu worker (sim-4), which names this payout address (scripts/fleet.sh). */
    private static final String MODEL = "infercom/gpt-oss-120b";
    private static final String PROVIDER = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
    private static final String OPERATOR = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
    private static Fleet fleet;

    @BeforeAll
    static void startFleet() throws Exception {
        fleet = Fleet.start();
    }

    @Test
    void anOpengpuTaskNamesItsAddressAndItsProviderIsPaidThere() {
        Account account = Account.funded(fleet, 5_000_000);
        BigInteger before = balance(PROVIDER);
        JsonPath answer = given().baseUri(fleet.baseUrl).header("Authorization", "Bearer " + account.key())
                .contentType("application/json")
                .body(Map.of("model", MODEL, "messages", List.of(Map.of("role", "user", "content", "Hello"))))
                .post("/v1/chat/completions")
                .then().statusCode(200)
                .body("mode", equalTo("opengpu"))
                .body("task_id", startsWith("opengpu:"))
                .extract().jsonPath();
        String taskId = answer.getString("task_id");
        String taskAddress = TaskBook.operatedBy(OPERATOR).taskAddress(taskId);
        assertEquals(taskAddress, answer.getString("task_address"));

        String settlement = "http://127.0.0.1:" + (Fleet.PORT_BASE + 5) + "/settlements/" + taskId;
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            var response = given().get(settlement);
            return response.statusCode() == 200 && "confirmed".equals(response.jsonPath().getString("status"));
        });
        JsonPath paid = given().get(settlement).then()
                .body("provider", equalTo(PROVIDER))
                .body("task_address", equalTo(taskAddress))
                .body("tx_hash", startsWith("0x"))
                .extract().jsonPath();
        assertEquals(new BigInteger(paid.getString("amount_wei")), balance(PROVIDER).subtract(before));
        assertNotEquals("0x", rpc("eth_getCode", taskAddress, "latest"), "the task's contract exists on chain");
        // The operator earns on the task: the provider gets less than the customer was charged for it.
        var usage = given().baseUri(fleet.baseUrl).header("Authorization", "Bearer " + account.key());
        await().atMost(Duration.ofSeconds(30)).until(() -> usage.get("/v1/usage").jsonPath().getList("data").size() == 1);
        long charged = usage.get("/v1/usage").jsonPath().getLong("data[0].cost_micro");
        assertTrue(paid.getLong("amount_micro") < charged, paid.getLong("amount_micro") + " paid, " + charged + " charged");
    }

    private static BigInteger balance(String address) {
        return new BigInteger(rpc("eth_getBalance", address, "latest").substring(2), 16);
    }

    private static String rpc(String method, Object... params) {
        return given().baseUri(System.getProperty("relay.e2e.chain-url", "http://127.0.0.1:28545"))
                .contentType("application/json")
                .body(Map.of("jsonrpc", "2.0", "id", 1, "method", method, "params", List.of(params)))
                .post("/").then().statusCode(200).extract().jsonPath().getString("result");
    }
}
