package dev.relay.settlement;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.relay.contracts.Topics;
import dev.relay.contracts.UsageEvent;
import dev.relay.contracts.WorkerHeartbeat;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.web3j.crypto.Keys;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.http.HttpService;

/** What the rest of the fleet does, as settlement-service sees it: usage and heartbeats on Kafka, and the chain. */
final class Fleet {

    static final String OPERATOR = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static KafkaProducer<String, String> producer;
    private static Web3j chain;

    private Fleet() {
    }

    static String bootstrap() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    static synchronized Web3j chain() {
        if (chain == null) {
            chain = Web3j.build(new HttpService(
                    ConfigProvider.getConfig().getValue("relay.settlement.chain.url", String.class)));
        }
        return chain;
    }

    static String newTaskId() {
        return "opengpu:" + UUID.randomUUID();
    }

    /** A fresh address nobody has paid yet. */
    static String newAddress() throws Exception {
        return Keys.toChecksumAddress(Keys.getAddress(Keys.createEcKeyPair()));
    }

    static BigInteger balance(String address) throws Exception {
        return chain().ethGetBalance(address, DefaultBlockParameterName.LATEST).send().getBalance();
    }

    static boolean hasCode(String address) throws Exception {
        return chain().ethGetCode(address, DefaultBlockParameterName.LATEST).send().getCode().length() > 2;
    }

    static void heartbeat(String workerId, String mode, String payoutAddress) throws Exception {
        Map<String, String> labels = payoutAddress == null ? Map.of() : Map.of("opengpu.payout", payoutAddress);
        send(Topics.WORKERS, workerId, new WorkerHeartbeat(workerId, "http://127.0.0.1:1", "vllm", mode,
                List.of("m"), 4, "local", "standard", labels, WorkerHeartbeat.State.UP, Instant.now()));
    }

    static void usage(String taskId, String mode, String workerId, long prompt, long completion) throws Exception {
        usage("acct_settle", "key_1", taskId, mode, workerId, prompt, completion);
    }

    /** A guest's usage: no account and no key, published without a record key as the gateway does. */
    static void guestUsage(String taskId, String workerId, long prompt, long completion) throws Exception {
        usage(null, null, taskId, "opengpu", workerId, prompt, completion);
    }

    private static void usage(String account, String key, String taskId, String mode, String workerId, long prompt,
            long completion) throws Exception {
        send(Topics.USAGE, account, new UsageEvent(UUID.randomUUID().toString(), UUID.randomUUID().toString(),
                account, key, "m", mode, workerId, prompt, completion, account == null ? null : "res_1",
                account == null ? 0 : 1000, "completed", Instant.now(), taskId, null, 0, 0));
    }

    private static synchronized void send(String topic, String key, Object value) throws Exception {
        if (producer == null) {
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
            props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            producer = new KafkaProducer<>(props);
        }
        producer.send(new ProducerRecord<>(topic, key, JSON.writeValueAsString(value))).get();
    }
}
