package dev.relay.gateway.dialect;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Utf8Test {

    @ParameterizedTest
    @ValueSource(strings = {"", "plain ascii", "héllo", "日本語", "emoji 🙂", "\u007f\u0080\u07ff\u0800\uffff",
            "\ud7ff\ue000", "\udbff\udfff"})
    void whatJavaEncodesIsWellFormed(String text) {
        assertTrue(Utf8.isWellFormed(text.getBytes(StandardCharsets.UTF_8)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "c0af", // overlong '/'
        "e080af", // overlong '/' in three bytes
        "f08080af", // and in four
        "eda080", // a surrogate (U+D800)
        "f4908080", // beyond U+10FFFF
        "f5808080", // a lead byte no sequence has
        "80", // a continuation byte first
        "c3", // cut short
        "e282", // cut short
        "c328", // a lead byte not followed by a continuation
        "ff"})
    void malformedSequencesAreNot(String hex) {
        byte[] bytes = HexFormat.of().parseHex("7b22" + hex + "227d"); // {"…"}
        assertFalse(Utf8.isWellFormed(bytes));
    }
}
