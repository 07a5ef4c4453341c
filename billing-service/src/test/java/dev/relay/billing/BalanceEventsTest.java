package dev.relay.billing;

import static dev.relay.billing.support.Operator.topUp;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.relay.billing.support.ExpectedCost;
import dev.relay.billing.support.UsageEvents;
import dev.relay.contracts.BalanceEvent;
import dev.relay.contracts.Topics;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
class BalanceEventsTest {

    @Inject
    UsageEvents usage;

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void everyBalanceChangeIsPublishedOnRelayBalancesKeyedByAccount() throws Exception {
        // A first top-up makes sure the topic exists before reading from its current end.
        topUp(UsageEvents.newAccount(), 1, "ref-" + UsageEvents.newAccount()).statusCode(200);
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> !consumer.partitionsFor(Topics.BALANCES).isEmpty());
            consumer.partitionsFor(Topics.BALANCES).forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);

            String account = UsageEvents.newAccount();
            topUp(account, 1_000_000, "ref-" + account).statusCode(200);
            usage.publish(UsageEvents.event(account, "gpt-oss:120b", 5000, 700));

            List<BalanceEvent> seen = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (account.equals(record.key())) {
                        seen.add(json.readValue(record.value(), BalanceEvent.class));
                    }
                }
                return seen.size() >= 2;
            });
            assertEquals(account, seen.get(0).accountId());
            assertEquals(1_000_000, seen.get(0).balanceMicro());
            assertEquals(1, seen.get(0).ledgerSequence());
            assertEquals(1_000_000 - ExpectedCost.of(5000, 700, 100_000, 500_000), seen.get(1).balanceMicro());
            assertEquals(2, seen.get(1).ledgerSequence());
        }
    }
}
