import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Benchmark publisher (compiled and run by lib.sh with the service's own kafka-clients on the class path):
 * writes N usage events for A accounts and, beside them, what billing must end up with: the expected debit per
 * account (seed prices, the documented ceil formula in BigInteger) and the gateway's reservations as a Redis
 * RESP script (HSET + INCRBY per event) that billing must release exactly once.
 *
 * args: bootstrap topic events accounts accountPrefix eventsPerSecond(0 = unthrottled) expectedFile redisFile
 * or:   bootstrap topic delete group... (removes the run's topic and consumer groups)
 */
public class UsageBurst {

    // The seeded prices of application.properties: model, input and output micro-dollars per million tokens.
    private static final String[] MODELS = {"Qwen/Qwen3-Coder", "deepseek-ai/DeepSeek-V3.1", "gpt-oss:20b", "gpt-oss:120b"};
    private static final long[] IN = {200_000, 270_000, 50_000, 100_000};
    private static final long[] OUT = {800_000, 1_100_000, 200_000, 500_000};
    private static final BigInteger MILLION = BigInteger.valueOf(1_000_000);

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        String topic = args[1];
        if ("delete".equals(args[2])) {
            // Cleanup after a run: the benchmark's topic and consumer groups must not pile up in the test broker.
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                admin.deleteTopics(List.of(topic)).all().get();
                for (String group : Arrays.copyOfRange(args, 3, args.length)) {
                    admin.deleteConsumerGroups(List.of(group)).all().get();
                }
            } catch (Exception e) {
                System.err.println("cleanup incomplete: " + e.getMessage());
            }
            return;
        }
        int events = Integer.parseInt(args[2]);
        int accounts = Integer.parseInt(args[3]);
        String prefix = args[4];
        int rate = Integer.parseInt(args[5]);
        Path expectedFile = Path.of(args[6]);
        Path redisFile = Path.of(args[7]);

        Random random = new Random(7);
        String[] payloads = new String[events];
        String[] keys = new String[events];
        Map<String, long[]> expected = new TreeMap<>();
        try (PrintWriter redis = new PrintWriter(Files.newBufferedWriter(redisFile, StandardCharsets.UTF_8))) {
            for (int i = 0; i < events; i++) {
                String account = prefix + "-" + (i % accounts);
                int m = random.nextInt(MODELS.length);
                long prompt = random.nextInt(8_000);
                long completion = random.nextInt(2_000);
                long cost = ceil(prompt, IN[m]) + ceil(completion, OUT[m]);
                long reserved = cost + random.nextInt(10_000);
                String reservation = "res_" + prefix + "_" + i;
                expected.computeIfAbsent(account, a -> new long[2]);
                expected.get(account)[0] += cost;
                expected.get(account)[1] += 1;
                keys[i] = account;
                payloads[i] = "{\"eventId\":\"evt_" + prefix + "_" + i + "\",\"requestId\":\"req_" + i
                        + "\",\"accountId\":\"" + account + "\",\"keyId\":\"key_bench\",\"model\":\"" + MODELS[m]
                        + "\",\"mode\":\"direct\",\"workerId\":\"w1\",\"promptTokens\":" + prompt
                        + ",\"completionTokens\":" + completion + ",\"reservationId\":\"" + reservation
                        + "\",\"reservedMicro\":" + reserved + ",\"outcome\":\"completed\",\"occurredAt\":\""
                        + Instant.now() + "\"}";
                resp(redis, "HSET", "relay:acct:{" + account + "}:reservations", reservation, Long.toString(reserved));
                resp(redis, "INCRBY", "relay:acct:{" + account + "}:reserved", Long.toString(reserved));
            }
        }
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(expectedFile, StandardCharsets.UTF_8))) {
            expected.forEach((account, v) -> out.println(account + " " + v[0] + " " + v[1]));
        }
        if (System.getenv("USAGE_BURST_PREPARE_ONLY") != null) {
            // The caller loads the reservations into Redis first, then runs again to publish.
            return;
        }

        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("acks", "all");
        props.put("enable.idempotence", "true");
        props.put("linger.ms", "5");
        props.put("batch.size", "262144");
        long started = System.nanoTime();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < events; i++) {
                producer.send(new ProducerRecord<>(topic, keys[i], payloads[i]));
                if (rate > 0 && i % 100 == 99) {
                    long due = started + TimeUnit.SECONDS.toNanos(i + 1) / rate;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        producer.flush();
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                }
            }
            producer.flush();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("published %d events in %.2f s (%.0f/s)%n", events, seconds, events / seconds);
    }

    private static long ceil(long tokens, long perMillion) {
        return BigInteger.valueOf(tokens).multiply(BigInteger.valueOf(perMillion))
                .add(MILLION.subtract(BigInteger.ONE)).divide(MILLION).longValueExact();
    }

    /** One Redis command in RESP, for redis-cli --pipe. */
    private static void resp(PrintWriter out, String... parts) {
        StringBuilder b = new StringBuilder("*").append(parts.length).append("\r\n");
        for (String p : parts) {
            b.append('$').append(p.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(p).append("\r\n");
        }
        out.print(b);
    }
}
