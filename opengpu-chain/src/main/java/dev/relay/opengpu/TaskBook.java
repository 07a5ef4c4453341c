package dev.relay.opengpu;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Keys;
import org.web3j.utils.Numeric;

/**
 * Relay's book of OpenGPU tasks on a chain ({@code src/main/solidity/TaskBook.sol}): where it lives and where each
 * task lives. Both addresses are CREATE2 addresses, so they follow from the operator's address and a task's id
 * alone: the book is deployed through the standard CREATE2 deployer (salt zero, the operator as constructor
 * argument), and the book creates each task with its key as salt. A gateway names a task's address in its answer
 * without asking the chain; settlement-service creates the contract there when it pays the provider.
 */
public final class TaskBook {

    /** The deterministic-deployment proxy present on anvil and on most EVM chains (EIP-1014 via a fixed deployer). */
    public static final String CREATE2_DEPLOYER = "0x4e59b44847b379578588920ca78fbf26c0b4956c";

    private static final byte[] BOOK_CODE = bytecode("TaskBook.bin");
    private static final byte[] TASK_CODE_HASH = Hash.sha3(bytecode("OpenGpuTask.bin"));
    private static final byte[] ZERO_SALT = new byte[32];

    private final String operator;
    private final String address;

    private TaskBook(String operator) {
        this.operator = Keys.toChecksumAddress(operator);
        this.address = create2(CREATE2_DEPLOYER, ZERO_SALT, Hash.sha3(initCode()));
    }

    /** The book whose operator is {@code operator} (a 0x address): the only account its {@code settle} obeys. */
    public static TaskBook operatedBy(String operator) {
        if (!isAddress(operator)) {
            throw new IllegalArgumentException("not an address: " + operator);
        }
        return new TaskBook(operator);
    }

    public String operator() {
        return operator;
    }

    /** The book's address (EIP-55 checksummed). */
    public String address() {
        return address;
    }

    /** The code that deploys this book: the compiled contract followed by its constructor argument. */
    public byte[] initCode() {
        byte[] code = Arrays.copyOf(BOOK_CODE, BOOK_CODE.length + 32);
        byte[] operatorBytes = Numeric.hexStringToByteArray(operator);
        System.arraycopy(operatorBytes, 0, code, code.length - operatorBytes.length, operatorBytes.length);
        return code;
    }

    /** Where the task with this id lives once settled (EIP-55 checksummed); the contract's own taskAddress agrees. */
    public String taskAddress(String taskId) {
        return create2(address, taskKey(taskId), TASK_CODE_HASH);
    }

    /** The key a task goes by on chain: the keccak-256 of its id ({@code opengpu:<uuid>}) in UTF-8. */
    public static byte[] taskKey(String taskId) {
        return Hash.sha3(taskId.getBytes(StandardCharsets.UTF_8));
    }

    public static boolean isAddress(String value) {
        return value != null && value.matches("0x[0-9a-fA-F]{40}");
    }

    /** EIP-1014: the last 20 bytes of keccak256(0xff ++ deployer ++ salt ++ keccak256(init code)). */
    static String create2(String deployer, byte[] salt, byte[] initCodeHash) {
        byte[] preimage = new byte[1 + 20 + 32 + 32];
        preimage[0] = (byte) 0xff;
        System.arraycopy(Numeric.hexStringToByteArray(deployer), 0, preimage, 1, 20);
        System.arraycopy(salt, 0, preimage, 21, 32);
        System.arraycopy(initCodeHash, 0, preimage, 53, 32);
        byte[] hash = Hash.sha3(preimage);
        return Keys.toChecksumAddress(Numeric.toHexString(hash, 12, 20, true));
    }

    /** The compiled bytecode this module ships (hex, as solc writes it), as bytes. */
    static byte[] bytecode(String name) {
        try (InputStream in = TaskBook.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("compiled contract missing from the jar: " + name);
            }
            String hex = new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim().toLowerCase(Locale.ROOT);
            return Numeric.hexStringToByteArray(hex);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
