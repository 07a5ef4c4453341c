package dev.relay.task;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.relay.contracts.SettlementRecorded;
import dev.relay.contracts.Topics;
import dev.relay.task.support.TaskTopics;
import dev.relay.task.support.Tasks;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** relay.settlements: an opengpu task's payment on chain becomes the receipt its poll shows. */
@QuarkusTest
class TaskSettlementTest {

    private static final String TASK_ADDRESS = "0x3ec9128b236d8910E161541a7BDb4a88Be21FCBc";
    private static final String TX = "0x4750544f5b15f792b358c98a51d03afa7e45c3a786ea1f9cd80530f96345d5de";

    @Test
    void aConfirmedPaymentIsShownOnTheTasksPoll() {
        String account = "acct-" + UUID.randomUUID();
        String taskId = opengpuTask(account);

        TaskTopics.publish(Topics.SETTLEMENTS, taskId, settlement(taskId, 2));

        await().atMost(Duration.ofSeconds(30))
                .until(() -> Tasks.poll(taskId, account).jsonPath().get("settlement") != null);
        Tasks.poll(taskId, account).then().statusCode(200)
                .body("settlement.chain_id", equalTo(31337))
                .body("settlement.task_address", equalTo(TASK_ADDRESS))
                .body("settlement.tx_hash", equalTo(TX))
                .body("settlement.block_number", equalTo(7))
                .body("settlement.confirmations", equalTo(2))
                .body("status", equalTo("queued"));
    }

    @Test
    void aTaskNotSettledShowsNoSettlement() {
        String account = "acct-" + UUID.randomUUID();
        String taskId = opengpuTask(account);

        Tasks.poll(taskId, account).then().statusCode(200).body("settlement", nullValue());
    }

    @Test
    void aLaterPublicationWithMoreConfirmationsReplacesTheReceipt() {
        String account = "acct-" + UUID.randomUUID();
        String taskId = opengpuTask(account);

        TaskTopics.publish(Topics.SETTLEMENTS, taskId, settlement(taskId, 1));
        TaskTopics.publish(Topics.SETTLEMENTS, taskId, settlement(taskId, 12));

        await().atMost(Duration.ofSeconds(30)).until(() ->
                Integer.valueOf(12).equals(Tasks.poll(taskId, account).jsonPath().get("settlement.confirmations")));
    }

    private static String opengpuTask(String account) {
        String taskId = "opengpu:" + UUID.randomUUID();
        Tasks.submit(Tasks.submission(taskId, account)).then().statusCode(201);
        return taskId;
    }

    private static SettlementRecorded settlement(String taskId, long confirmations) {
        return new SettlementRecorded(taskId, "acct", "sim-4", TASK_ADDRESS,
                "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", 15, "15000000000000", 31337, TX, 7, confirmations,
                Instant.now());
    }
}
