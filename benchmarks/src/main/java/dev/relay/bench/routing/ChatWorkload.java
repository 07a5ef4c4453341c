package dev.relay.bench.routing;

import dev.relay.simulator.engine.Tokenizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded multi-turn chat workload with shared prefixes. Each tenant has a long system prompt (instructions and
 * few-shot examples) that all its conversations start with; a conversation's turn k sends the whole history —
 * system prompt, every earlier user message and answer — plus a new user message, as chat clients do.
 *
 * <p>Arrivals are open-loop and fixed before the simulation, so every strategy sees exactly the same requests at
 * exactly the same instants: conversations start as a Poisson process, and each next turn follows the previous
 * one's arrival by a reading-and-typing gap. The superposition of many conversations is close to Poisson at the
 * requested total rate.
 *
 * <p>Words are at most five letters, so a word with its leading space is exactly one simulator token and one
 * whitespace token for the gateway's prefix hashing: both tokenizations see the same prompt lengths.
 */
public final class ChatWorkload {

    /** Knobs of the workload; {@link #standard()} is what the benchmark runs. */
    public record Shape(int tenants, int minSystemWords, int maxSystemWords, int minTurns, int maxTurns,
                        int minUserWords, int maxUserWords, int minAnswerTokens, int maxAnswerTokens,
                        double minGapSeconds, double meanExtraGapSeconds) {

        public static Shape standard() {
            return new Shape(6, 300, 700, 3, 8, 20, 80, 64, 256, 5.0, 10.0);
        }

        double meanTurns() {
            return (minTurns + maxTurns) / 2.0;
        }
    }

    /** One request: turn {@code turn} of conversation {@code conversation}, arriving at {@code arrivalNanos}. */
    public record Request(String id, long arrivalNanos, Conversation conversation, int turn) {

        public int[] promptTokens() {
            return conversation.promptTokens(turn);
        }

        public long[] prefixHashes() {
            return conversation.prefixHashes(turn);
        }

        public int outputTokens() {
            return conversation.answerTokens(turn);
        }
    }

    private static final String[] VOCABULARY = ("the of and to in is you that it he was for on are as with his they at "
            + "be this have from or one had by word but not what all were we when your can said there use an each "
            + "which she do how their if will up other about out many then them these so some her would make like "
            + "him into time has look two more write go see number no way could people my than first water been "
            + "call who oil its now find long down day did get come made may part over new sound take only "
            + "place year live me back give most very after thing our just name good man think say great where "
            + "help line turn cause much mean move right boy old too same tell does set three want air well also "
            + "play small end put home read hand port large spell add even land here must big high such "
            + "act why ask men went light kind off need house try us again point page "
            + "world near build self earth head stand own should found answer grow study still learn plant cover "
            + "food sun four state keep eye never last let cross farm hard start might story saw far sea draw left "
            + "late run while press close night real life few north open seem next white begin got walk paper "
            + "group music those both mark often until mile river car feet care began idea fish watch").split(" ");

    private final List<Request> requests;
    private final int conversations;

    private ChatWorkload(List<Request> requests, int conversations) {
        this.requests = requests;
        this.conversations = conversations;
    }

    /**
     * Requests whose arrival falls in [0, durationSeconds), in arrival order.
     *
     * @param ratePerSecond mean total request rate
     */
    public static ChatWorkload generate(Shape shape, double ratePerSecond, double durationSeconds, long seed,
                                        Tokenizer tokenizer) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Segment> systemPrompts = new ArrayList<>();
        for (int t = 0; t < shape.tenants(); t++) {
            String text = "You are the assistant of tenant " + t + ". " + words(random,
                    between(random, shape.minSystemWords(), shape.maxSystemWords()));
            systemPrompts.add(new Segment("<|im_start|>system\n" + text + "<|im_end|>\n",
                    message("system", text), tokenizer));
        }
        double conversationRate = ratePerSecond / shape.meanTurns();
        long end = Math.round(durationSeconds * 1e9);
        List<Request> requests = new ArrayList<>();
        // Conversations start from well before 0 so that the rate over [0, duration) is already the steady one:
        // those begun earlier contribute their later turns (whose prompts carry the earlier history).
        double lead = shape.maxTurns() * (shape.minGapSeconds() + 2 * shape.meanExtraGapSeconds());
        double start = -lead + exponential(random, conversationRate);
        int count = 0;
        while (start < durationSeconds) {
            Conversation conversation = new Conversation(count, systemPrompts.get(random.nextInt(shape.tenants())));
            int turns = between(random, shape.minTurns(), shape.maxTurns());
            double at = start;
            for (int turn = 0; turn < turns && at < durationSeconds; turn++) {
                if (turn > 0) {
                    at += shape.minGapSeconds() + exponential(random, 1.0 / shape.meanExtraGapSeconds());
                    if (at >= durationSeconds) {
                        break;
                    }
                }
                String user = "Question " + turn + ": " + words(random,
                        between(random, shape.minUserWords(), shape.maxUserWords()));
                int answerTokens = between(random, shape.minAnswerTokens(), shape.maxAnswerTokens());
                // The answer the worker will generate: one token per word, so the next turn replays it exactly.
                String answer = words(random, answerTokens).substring(1);
                conversation.addTurn(user, answer, answerTokens, tokenizer);
                if (at >= 0) {
                    long arrival = Math.min(end - 1, Math.round(at * 1e9));
                    requests.add(new Request("c" + count + "-t" + turn, arrival, conversation, turn));
                }
            }
            count++;
            start += exponential(random, conversationRate);
        }
        requests.sort(Comparator.comparingLong(Request::arrivalNanos).thenComparing(Request::id));
        return new ChatWorkload(List.copyOf(requests), count);
    }

    public List<Request> requests() {
        return requests;
    }

    public int conversations() {
        return conversations;
    }

    private static List<String[]> message(String role, String content) {
        return java.util.Collections.singletonList(new String[] {role, content});
    }

    private static String words(SplittableRandom random, int count) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < count; i++) {
            out.append(' ').append(VOCABULARY[random.nextInt(VOCABULARY.length)]);
        }
        return out.toString();
    }

    private static int between(SplittableRandom random, int min, int max) {
        return min + random.nextInt(max - min + 1);
    }

    private static double exponential(SplittableRandom random, double rate) {
        return -Math.log(1.0 - random.nextDouble()) / rate;
    }

    /**
     * Rendered text in the simulator's ChatML template and the messages it came from (role, content pairs). Every
     * segment ends with a newline, which the simulator tokenizer never joins with what follows, so the tokens of a
     * prompt are the concatenated tokens of its segments.
     */
    record Segment(String chatMl, List<String[]> messages, int[] tokens) {

        Segment(String chatMl, List<String[]> messages, Tokenizer tokenizer) {
            this(chatMl, messages, tokenizer.encode(chatMl));
        }
    }

    /** One conversation's history; prompts are assembled on demand so the workload stays small in memory. */
    public static final class Conversation {

        private static final String ASSISTANT_HEADER = "<|im_start|>assistant\n";

        private final int id;
        private final Segment system;
        /** Per turn: the user message with the assistant header (the prompt's end). */
        private final List<Segment> asks = new ArrayList<>();
        /** Per turn: the answer's text closing the assistant message, replayed by later turns. */
        private final List<Segment> answers = new ArrayList<>();
        private final List<Integer> answerTokens = new ArrayList<>();

        Conversation(int id, Segment system) {
            this.id = id;
            this.system = system;
        }

        void addTurn(String user, String answer, int tokens, Tokenizer tokenizer) {
            asks.add(new Segment("<|im_start|>user\n" + user + "<|im_end|>\n" + ASSISTANT_HEADER,
                    message("user", user), tokenizer));
            answers.add(new Segment(answer + "<|im_end|>\n", message("assistant", answer),
                    tokenizer));
            answerTokens.add(tokens);
        }

        public int id() {
            return id;
        }

        public int turns() {
            return asks.size();
        }

        int answerTokens(int turn) {
            return answerTokens.get(turn);
        }

        /** The segments of turn {@code turn}'s prompt, in order. */
        List<Segment> segments(int turn) {
            List<Segment> segments = new ArrayList<>(2 * turn + 2);
            segments.add(system);
            for (int k = 0; k < turn; k++) {
                segments.add(asks.get(k));
                segments.add(answers.get(k));
            }
            segments.add(asks.get(turn));
            return segments;
        }

        /** The prompt as the simulated worker tokenizes it (ChatML rendering, simulator tokenizer). */
        public int[] promptTokens(int turn) {
            List<Segment> segments = segments(turn);
            int length = 0;
            for (Segment s : segments) {
                length += s.tokens().length;
            }
            int[] tokens = new int[length];
            int at = 0;
            for (Segment s : segments) {
                System.arraycopy(s.tokens(), 0, tokens, at, s.tokens().length);
                at += s.tokens().length;
            }
            return tokens;
        }

        /** The prompt rendered as the worker sees it. */
        public String chatMl(int turn) {
            StringBuilder out = new StringBuilder();
            segments(turn).forEach(s -> out.append(s.chatMl()));
            return out.toString();
        }

        /** The chat messages (role, content) the client sends for turn {@code turn}. */
        public List<String[]> messages(int turn) {
            List<String[]> messages = new ArrayList<>();
            segments(turn).forEach(s -> messages.addAll(s.messages()));
            return messages;
        }

        /** The prefix-block hashes the gateway would send the router for turn {@code turn}. */
        public long[] prefixHashes(int turn) {
            return GatewayPrefixHashes.of(messages(turn));
        }
    }
}
