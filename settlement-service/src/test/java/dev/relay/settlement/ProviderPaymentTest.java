package dev.relay.settlement;

import static dev.relay.settlement.Fleet.balance;
import static dev.relay.settlement.Fleet.guestUsage;
import static dev.relay.settlement.Fleet.hasCode;
import static dev.relay.settlement.Fleet.heartbeat;
import static dev.relay.settlement.Fleet.newAddress;
import static dev.relay.settlement.Fleet.newTaskId;
import static dev.relay.settlement.Fleet.usage;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.opengpu.TaskBook;
import dev.relay.settlement.client.OpenGpuChain;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;

/** Usage of opengpu tasks becomes payments to their providers on a real EVM chain (anvil), each exactly once. */
@QuarkusTest
class ProviderPaymentTest {

    private static final TaskBook BOOK = TaskBook.operatedBy(Fleet.OPERATOR);
    /** 1,000 prompt and 500 generated tokens at the default payout rates (0.04 and 0.16 dollars a million). */
    private static final long PAY_MICRO = 120;
    private static final BigInteger PAY_WEI = BigInteger.valueOf(PAY_MICRO).multiply(BigInteger.TEN.pow(12));

    @Inject
    OpenGpuChain chain;

    @Test
    void anOpengpuTasksProviderIsPaidOnChainAtTheTasksAddress() throws Exception {
        String worker = "gpu-" + UUID.randomUUID(), provider = newAddress(), task = newTaskId();
        heartbeat(worker, "opengpu", provider);
        usage(task, "opengpu", worker, 1000, 500);

        JsonPath settled = confirmed(task);
        assertEquals(PAY_MICRO, settled.getLong("amount_micro"));
        assertEquals(PAY_WEI.toString(), settled.getString("amount_wei"));
        assertEquals(provider, settled.getString("provider"));
        assertEquals(BOOK.taskAddress(task), settled.getString("task_address"));
        assertEquals(PAY_WEI, balance(provider));
        assertTrue(hasCode(BOOK.taskAddress(task)), "the task's contract lives at the address its answer named");
    }

    @Test
    void theBookOnChainPlacesATaskWhereRelayComputesIt() throws Exception {
        String task = newTaskId();
        await().atMost(Duration.ofSeconds(30)).until(() -> hasCode(BOOK.address()));
        Function taskAddress = new Function("taskAddress", List.of(new Bytes32(TaskBook.taskKey(task))),
                List.of(new TypeReference<Address>() { }));
        String answer = Fleet.chain().ethCall(Transaction.createEthCallTransaction(null, BOOK.address(),
                FunctionEncoder.encode(taskAddress)), DefaultBlockParameterName.LATEST).send().getValue();
        String onChain = FunctionReturnDecoder.decode(answer, taskAddress.getOutputParameters()).get(0).toString();
        assertEquals(BOOK.taskAddress(task).toLowerCase(), onChain.toLowerCase());
    }

    @Test
    void aGuestsOpengpuTaskIsPaidToo() throws Exception {
        String worker = "gpu-" + UUID.randomUUID(), provider = newAddress(), task = newTaskId();
        heartbeat(worker, "opengpu", provider);
        guestUsage(task, worker, 1000, 500);

        JsonPath settled = confirmed(task);
        assertEquals(PAY_MICRO, settled.getLong("amount_micro"));
        assertEquals(PAY_WEI, balance(provider));
    }

    @Test
    void aUsageEventDeliveredTwicePaysOnce() throws Exception {
        String worker = "gpu-" + UUID.randomUUID(), provider = newAddress(), task = newTaskId();
        heartbeat(worker, "opengpu", provider);
        usage(task, "opengpu", worker, 1000, 500);
        usage(task, "opengpu", worker, 1000, 500);
        confirmed(task);
        String later = newTaskId();
        usage(later, "opengpu", worker, 1000, 500);
        confirmed(later);

        assertEquals(PAY_WEI.multiply(BigInteger.TWO), balance(provider), "two tasks, two payments, not three");
    }

    @Test
    void aProviderIsPaidOnceItNamesItsAddress() throws Exception {
        String worker = "gpu-" + UUID.randomUUID(), provider = newAddress(), task = newTaskId();
        heartbeat(worker, "opengpu", null);
        usage(task, "opengpu", worker, 1000, 500);
        await().atMost(Duration.ofSeconds(30)).until(() -> status(task).equals("awaiting_provider"));

        heartbeat(worker, "opengpu", provider);
        confirmed(task);
        assertEquals(PAY_WEI, balance(provider));
    }

    @Test
    void directTasksAndWorkWorthLessThanAMicroDollarAreNotSettled() throws Exception {
        String worker = "gpu-" + UUID.randomUUID(), provider = newAddress();
        String direct = "direct:" + UUID.randomUUID(), empty = newTaskId(), tiny = newTaskId(), paid = newTaskId();
        heartbeat(worker, "opengpu", provider);
        usage(direct, "direct", worker, 1000, 500);
        usage(empty, "opengpu", worker, 0, 0);
        usage(tiny, "opengpu", worker, 5, 0); // 5 prompt tokens earn 0.2 micro-dollars
        usage(paid, "opengpu", worker, 1000, 500);
        confirmed(paid); // the same account's events arrive in order: those before it were seen

        given().get("/settlements/" + empty).then().statusCode(404).body("error.code", equalTo("not_found"));
        given().get("/settlements/" + tiny).then().statusCode(404);
        given().get("/settlements/" + direct).then().statusCode(404);
        assertEquals(PAY_WEI, balance(provider));
    }

    @Test
    void aTaskPaidBeforeItsPaymentWasRecordedIsAdoptedNotPaidAgain() throws Exception {
        String worker = "gpu-" + UUID.randomUUID(), provider = newAddress(), task = newTaskId();
        chain.ensureBook();
        // As if the service had sent the payment and crashed before recording it.
        String earlier = chain.broadcast(chain.signPayment(task, provider, PAY_WEI));
        await().atMost(Duration.ofSeconds(30)).until(() -> hasCode(BOOK.taskAddress(task)));

        heartbeat(worker, "opengpu", provider);
        usage(task, "opengpu", worker, 1000, 500);
        JsonPath settled = confirmed(task);
        assertEquals(earlier, settled.getString("tx_hash"));
        assertEquals(PAY_WEI, balance(provider));
    }

    @Test
    void aReceiptsConfirmationsGrowWithTheChain() throws Exception {
        String worker = "gpu-" + UUID.randomUUID(), provider = newAddress(), first = newTaskId();
        heartbeat(worker, "opengpu", provider);
        usage(first, "opengpu", worker, 1000, 500);
        long block = confirmed(first).getLong("block_number");
        String later = newTaskId();
        usage(later, "opengpu", worker, 1000, 500);
        long laterBlock = confirmed(later).getLong("block_number"); // anvil mines a block per transaction

        given().get("/settlements/" + first).then().statusCode(200)
                .body("confirmations", greaterThanOrEqualTo((int) (laterBlock - block + 1)));
    }

    @Test
    void anUnknownOrMalformedTaskIdIsNotFound() {
        given().get("/settlements/" + newTaskId()).then().statusCode(404);
        given().get("/settlements/not-a-task").then().statusCode(404).body("error.code", equalTo("not_found"));
    }

    @Test
    void theInternalApiNamesTheChainAndTheBook() {
        given().get("/internal/chain").then().statusCode(200)
                .body("chain_id", equalTo(31337))
                .body("task_book", equalTo(BOOK.address()))
                .body("operator", equalTo(Fleet.OPERATOR));
    }

    static JsonPath confirmed(String task) {
        await().atMost(Duration.ofSeconds(30)).until(() -> status(task).equals("confirmed"));
        JsonPath settled = given().get("/settlements/" + task).then().statusCode(200)
                .body("tx_hash", notNullValue()).body("block_number", notNullValue())
                .body("confirmations", greaterThanOrEqualTo(1)).extract().jsonPath();
        return settled;
    }

    static String status(String task) {
        var response = given().get("/settlements/" + task);
        return response.statusCode() == 200 ? response.jsonPath().getString("status") : "absent";
    }
}
