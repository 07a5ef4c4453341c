package dev.relay.auth.persistence;

import java.time.Instant;

public record Account(String id, String name, String tier, Instant createdAt) {
}
