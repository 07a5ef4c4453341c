package dev.relay.opengpu;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import org.bouncycastle.crypto.digests.KeccakDigest;

/**
 * Relay's book of OpenGPU tasks on a chain ({@code src/main/solidity/TaskBook.sol}): where it lives and where each
 * task lives. Both addresses are CREATE2 addresses, so they follow from the operator's address and a task's id
 * alone: the book is deployed through the standard CREATE2 deployer (salt zero, the operator as constructor
 * argument), and the book creates each task with its key as salt. A gateway names a task's address in its answer
 * without asking the chain; settlement-service creates the contract there when it pays the provider. Only
 * BouncyCastle's Keccak is needed for that, so a gateway carries no Ethereum client library.
 */
public final class TaskBook {

    /** The deterministic-deployment proxy present on anvil and on most EVM chains (EIP-1014 via a fixed deployer). */
    public static final String CREATE2_DEPLOYER = "0x4e59b44847b379578588920ca78fbf26c0b4956c";

    private static final HexFormat HEX = HexFormat.of(); // before the bytecode, which is read with it
    private static final byte[] BOOK_CODE = bytecode("TaskBook.bin");
    private static final byte[] TASK_CODE_HASH = keccak256(bytecode("OpenGpuTask.bin"));
    private static final byte[] ZERO_SALT = new byte[32];

    private final String operator;
    private final String address;

    private TaskBook(String operator) {
        this.operator = checksummed(operator);
        this.address = create2(CREATE2_DEPLOYER, ZERO_SALT, keccak256(initCode()));
    }

    /** The book whose operator is {@code operator} (a 0x address): the only account its {@code settle} obeys. */
    public static TaskBook operatedBy(String operator) {
        if (!isAddress(operator)) {
            // Not echoed: a value that is no address may well be a private key given in the wrong place.
            throw new IllegalArgumentException("the operator must be an address, 0x and 40 hex digits (got "
                    + (operator == null ? "none" : operator.length() + " characters, not shown") + ")");
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
        byte[] operatorBytes = bytes(operator);
        System.arraycopy(operatorBytes, 0, code, code.length - operatorBytes.length, operatorBytes.length);
        return code;
    }

    /** Where the task with this id lives once settled (EIP-55 checksummed); the contract's own taskAddress agrees. */
    public String taskAddress(String taskId) {
        return create2(address, taskKey(taskId), TASK_CODE_HASH);
    }

    /** The key a task goes by on chain: the keccak-256 of its id ({@code opengpu:<uuid>}) in UTF-8. */
    public static byte[] taskKey(String taskId) {
        return keccak256(taskId.getBytes(StandardCharsets.UTF_8));
    }

    public static boolean isAddress(String value) {
        return value != null && value.matches("0x[0-9a-fA-F]{40}");
    }

    /** EIP-1014: the last 20 bytes of keccak256(0xff ++ deployer ++ salt ++ keccak256(init code)). */
    static String create2(String deployer, byte[] salt, byte[] initCodeHash) {
        byte[] preimage = new byte[1 + 20 + 32 + 32];
        preimage[0] = (byte) 0xff;
        System.arraycopy(bytes(deployer), 0, preimage, 1, 20);
        System.arraycopy(salt, 0, preimage, 21, 32);
        System.arraycopy(initCodeHash, 0, preimage, 53, 32);
        byte[] hash = keccak256(preimage);
        return checksummed("0x" + HEX.formatHex(hash, 12, 32));
    }

    /** Ethereum's hash: Keccak-256 as submitted to SHA-3, before its padding changed (not SHA3-256). */
    static byte[] keccak256(byte[] input) {
        KeccakDigest digest = new KeccakDigest(256);
        digest.update(input, 0, input.length);
        byte[] out = new byte[32];
        digest.doFinal(out, 0);
        return out;
    }

    /** EIP-55: a hex digit is upper case where the Keccak-256 of the lower-case address has a nibble of 8 or more. */
    static String checksummed(String address) {
        String hex = address.substring(2).toLowerCase(Locale.ROOT);
        byte[] hash = keccak256(hex.getBytes(StandardCharsets.US_ASCII));
        StringBuilder out = new StringBuilder("0x");
        for (int i = 0; i < hex.length(); i++) {
            int nibble = (hash[i / 2] >> (i % 2 == 0 ? 4 : 0)) & 0xf;
            out.append(nibble >= 8 ? Character.toUpperCase(hex.charAt(i)) : hex.charAt(i));
        }
        return out.toString();
    }

    private static byte[] bytes(String hex) {
        return HEX.parseHex(hex.startsWith("0x") ? hex.substring(2) : hex);
    }

    /** The compiled bytecode this module ships (hex, as solc writes it), as bytes. */
    static byte[] bytecode(String name) {
        try (InputStream in = TaskBook.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("compiled contract missing from the jar: " + name);
            }
            return bytes(new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim().toLowerCase(Locale.ROOT));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
