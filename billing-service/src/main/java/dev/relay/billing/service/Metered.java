package dev.relay.billing.service;

/**
 * What a request used, as billing charges it (never negative, absurd counts clamped: see {@link UsageSettlement}).
 *
 * @param images images generated
 * @param mediaMillis milliseconds of audio or video produced, or of audio transcribed
 */
public record Metered(long promptTokens, long completionTokens, long images, long mediaMillis) {
}
