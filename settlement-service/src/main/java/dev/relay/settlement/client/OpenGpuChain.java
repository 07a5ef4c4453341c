package dev.relay.settlement.client;

import dev.relay.opengpu.TaskBook;
import dev.relay.settlement.config.SettlementConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.DefaultBlockParameterNumber;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

/**
 * The EVM chain as settlement-service uses it (web3j over JSON-RPC): the operator's TaskBook, payments signed here
 * and sent raw, receipts, and the book's TaskSettled log as the proof of a payment whose sending was not recorded.
 * Every call throws {@link IOException} when the node cannot be reached; callers retry on their next round.
 */
@ApplicationScoped
public class OpenGpuChain {

    private static final Logger LOG = Logger.getLogger(OpenGpuChain.class);
    static final String TASK_SETTLED = EventEncoder.buildEventSignature(
            "TaskSettled(bytes32,address,address,uint256)");
    private static final BigInteger DEPLOY_GAS = BigInteger.valueOf(2_000_000);

    private final Web3j web3;
    private final long chainId;
    private final BigInteger gasLimit;
    private final Credentials operator;
    private final TaskBook book;
    private volatile boolean bookDeployed;

    public OpenGpuChain(SettlementConfig config) {
        this.web3 = Web3j.build(new HttpService(config.chain().url()));
        this.chainId = config.chain().id();
        this.gasLimit = config.chain().gasLimit();
        this.operator = config.chain().operatorKey().filter(k -> !k.isBlank()).map(Credentials::create).orElse(null);
        this.book = operator == null ? null : TaskBook.operatedBy(operator.getAddress());
    }

    /** The operator's book; empty when no operator key is configured (nothing can be paid then). */
    public Optional<TaskBook> book() {
        return Optional.ofNullable(book);
    }

    public long chainId() {
        return chainId;
    }

    /**
     * Makes sure the book exists on chain, deploying it through the CREATE2 deployer the first time; checks that the
     * node is the chain the payments are signed for. Cheap once the book was seen.
     */
    public void ensureBook() throws IOException {
        if (bookDeployed || book == null) {
            return;
        }
        long nodeChain = check(web3.ethChainId().send()).getChainId().longValueExact();
        if (nodeChain != chainId) {
            throw new IOException("the node at the configured URL is chain " + nodeChain + ", not " + chainId);
        }
        if (!hasCode(book.address())) {
            byte[] salt = new byte[32];
            byte[] init = book.initCode();
            byte[] data = Arrays.copyOf(salt, salt.length + init.length);
            System.arraycopy(init, 0, data, salt.length, init.length);
            String hash = broadcast(sign(TaskBook.CREATE2_DEPLOYER, Numeric.toHexString(data), DEPLOY_GAS,
                    BigInteger.ZERO));
            LOG.infof("deploying the TaskBook at %s (transaction %s)", book.address(), hash);
            for (int i = 0; i < 100 && receipt(hash).isEmpty(); i++) {
                sleep(100);
            }
            if (!hasCode(book.address())) {
                throw new IOException("the TaskBook was not deployed at " + book.address() + " (transaction " + hash + ")");
            }
        }
        bookDeployed = true;
    }

    /** A payment of {@code wei} to {@code provider} for the task, signed with the operator's next nonce. */
    public SignedTransaction signPayment(String taskId, String provider, BigInteger wei) throws IOException {
        Function settle = new Function("settle",
                List.of(new Bytes32(TaskBook.taskKey(taskId)), new Address(provider)), List.of());
        return sign(book.address(), FunctionEncoder.encode(settle), gasLimit, wei);
    }

    private SignedTransaction sign(String to, String data, BigInteger gas, BigInteger value) throws IOException {
        BigInteger nonce = check(web3.ethGetTransactionCount(operator.getAddress(), DefaultBlockParameterName.PENDING)
                .send()).getTransactionCount();
        BigInteger gasPrice = check(web3.ethGasPrice().send()).getGasPrice();
        RawTransaction raw = RawTransaction.createTransaction(nonce, gasPrice, gas, to, value, data);
        String hex = Numeric.toHexString(TransactionEncoder.signMessage(raw, chainId, operator));
        return new SignedTransaction(Hash.sha3(hex), hex);
    }

    /** Sends a signed transaction; answers its hash. A node that refuses it throws. */
    public String broadcast(SignedTransaction signed) throws IOException {
        EthSendTransaction sent = web3.ethSendRawTransaction(signed.raw()).send();
        if (sent.hasError()) {
            throw new IOException("the node refused the transaction: " + sent.getError().getMessage());
        }
        return signed.hash();
    }

    /** The transaction's receipt once it is in a block. */
    public Optional<Receipt> receipt(String txHash) throws IOException {
        Optional<TransactionReceipt> receipt = check(web3.ethGetTransactionReceipt(txHash).send())
                .getTransactionReceipt();
        return receipt.map(r -> new Receipt(r.getTransactionHash(), r.getBlockNumber().longValueExact(), r.isStatusOK()));
    }

    /** Whether the node knows the transaction at all (mined or waiting); a restarted node forgets waiting ones. */
    public boolean knows(String txHash) throws IOException {
        return check(web3.ethGetTransactionByHash(txHash).send()).getTransaction().isPresent();
    }

    /** Confirmations of a transaction in {@code block} when the chain's head is {@code head}: its own block counts. */
    public static int confirmations(long head, long block) {
        return (int) Math.max(0, head - block + 1);
    }

    public long head() throws IOException {
        return check(web3.ethBlockNumber().send()).getBlockNumber().longValueExact();
    }

    public boolean hasCode(String address) throws IOException {
        String code = check(web3.ethGetCode(address, DefaultBlockParameterName.LATEST).send()).getCode();
        return code != null && code.length() > 2;
    }

    /** The payment of the task already on chain, from the book's TaskSettled log: whoever sent it, it happened. */
    public Optional<Receipt> findPayment(String taskId) throws IOException {
        EthFilter filter = new EthFilter(new DefaultBlockParameterNumber(0), DefaultBlockParameterName.LATEST,
                book.address());
        filter.addSingleTopic(TASK_SETTLED);
        filter.addSingleTopic(Numeric.toHexString(TaskBook.taskKey(taskId)));
        List<EthLog.LogResult> logs = check(web3.ethGetLogs(filter).send()).getLogs();
        return logs.stream().map(l -> (EthLog.LogObject) l.get())
                .map(l -> new Receipt(l.getTransactionHash(), l.getBlockNumber().longValueExact(), true))
                .findFirst();
    }

    private static <T extends Response<?>> T check(T response) throws IOException {
        if (response.hasError()) {
            throw new IOException("chain: " + response.getError().getMessage());
        }
        return response;
    }

    private static void sleep(long ms) throws IOException {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @PreDestroy
    void close() {
        web3.shutdown();
    }

    /** A transaction signed here: its hash is known before it is sent, so it is recorded first. */
    public record SignedTransaction(String hash, String raw) {
    }

    /** A transaction in a block: {@code ok} false when it reverted. */
    public record Receipt(String txHash, long blockNumber, boolean ok) {
    }
}
