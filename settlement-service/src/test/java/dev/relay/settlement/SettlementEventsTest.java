package dev.relay.settlement;

import static dev.relay.settlement.Fleet.heartbeat;
import static dev.relay.settlement.Fleet.newAddress;
import static dev.relay.settlement.Fleet.newTaskId;
import static dev.relay.settlement.Fleet.usage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.relay.contracts.SettlementRecorded;
import dev.relay.contracts.Topics;
import dev.relay.opengpu.TaskBook;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SettlementEventsTest {

    @Test
    void aConfirmedPaymentIsPublishedOnRelaySettlementsUnderItsTaskId() throws Exception {
        String worker = "gpu-" + UUID.randomUUID(), provider = newAddress(), task = newTaskId();
        heartbeat(worker, "opengpu", provider);
        usage(task, "opengpu", worker, 2000, 0);

        ConsumerRecord<String, String> record = awaitRecord(task);
        SettlementRecorded event = Fleet.JSON.readValue(record.value(), SettlementRecorded.class);
        assertEquals(task, record.key());
        assertEquals(provider, event.provider());
        assertEquals(80, event.amountMicro(), "2,000 prompt tokens at 0.04 dollars a million");
        assertEquals("80000000000000", event.amountWei());
        assertEquals(TaskBook.operatedBy(Fleet.OPERATOR).taskAddress(task), event.taskAddress());
        assertEquals(31337, event.chainId());
        assertNotNull(event.txHash());
        assertTrue(event.blockNumber() > 0 && event.confirmations() >= 1);
    }

    private static ConsumerRecord<String, String> awaitRecord(String task) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Fleet.bootstrap());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "settlement-test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(Topics.SETTLEMENTS));
            Instant deadline = Instant.now().plusSeconds(30);
            while (Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (task.equals(record.key())) {
                        return record;
                    }
                }
            }
        }
        throw new AssertionError("no relay.settlements record for " + task + " within 30 s");
    }
}
