package dev.relay.opengpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import java.util.HexFormat;

class TaskBookTest {

    private static final String OPERATOR = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";

    @Test
    void create2AddressesAreThoseOfEip1014sExamples() {
        byte[] zeroSalt = new byte[32];
        assertEquals("0x4D1A2e2bB4F88F0250f26Ffff098B0b30B26BF38",
                TaskBook.create2("0x0000000000000000000000000000000000000000", zeroSalt,
                        TaskBook.keccak256(new byte[] {0})));
        assertEquals("0xB928f69Bb1D91Cd65274e3c79d8986362984fDA3",
                TaskBook.create2("0xdeadbeef00000000000000000000000000000000", zeroSalt,
                        TaskBook.keccak256(new byte[] {0})));
        assertEquals("0x60f3f640a8508fC6a86d45DF051962668E1e8AC7",
                TaskBook.create2("0x00000000000000000000000000000000deadbeef",
                        HexFormat.of().parseHex("00000000000000000000000000000000000000000000000000000000cafebabe"),
                        TaskBook.keccak256(HexFormat.of().parseHex("deadbeef"))));
    }

    @Test
    void theBooksInitCodeEndsWithItsOperator() {
        byte[] init = TaskBook.operatedBy(OPERATOR).initCode();
        String tail = HexFormat.of().formatHex(init, init.length - 32, init.length);
        assertEquals("000000000000000000000000" + OPERATOR.substring(2).toLowerCase(), tail);
    }

    @Test
    void eachOperatorHasABookOfItsOwn() {
        assertNotEquals(TaskBook.operatedBy(OPERATOR).address(),
                TaskBook.operatedBy("0x70997970C51812dc3A010C7d01b50e0d17dc79C8").address());
    }

    @Test
    void aTasksAddressFollowsFromItsIdAndTheBook() {
        TaskBook book = TaskBook.operatedBy(OPERATOR);
        String id = "opengpu:6f1c2a0e-1111-4222-8333-944455556666";
        assertEquals(book.taskAddress(id), TaskBook.operatedBy(OPERATOR.toLowerCase()).taskAddress(id));
        assertNotEquals(book.taskAddress(id), book.taskAddress("opengpu:6f1c2a0e-1111-4222-8333-944455556667"));
    }

    @Test
    void keccak256IsEthereumsNotSha3() {
        assertEquals("c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470",
                HexFormat.of().formatHex(TaskBook.keccak256(new byte[0])));
    }

    @Test
    void addressesAreChecksummedAsEip55Says() {
        assertEquals("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
                TaskBook.checksummed("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"));
        assertEquals("0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
                TaskBook.checksummed("0xFB6916095CA1DF60BB79CE92CE3EA74C37C5D359"));
    }

    @Test
    void anOperatorThatIsNotAnAddressIsRefused() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> TaskBook.operatedBy("0x1234"));
        assertFalse(refused.getMessage().contains("1234"), "a value that is no address is not repeated");
        assertThrows(IllegalArgumentException.class, () -> TaskBook.operatedBy(null));
    }
}
