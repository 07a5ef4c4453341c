package dev.relay.auth.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.relay.auth.persistence.Account;

public record AccountView(String id, String name, String tier, @JsonProperty("created_at") String createdAt) {

    public static AccountView of(Account account) {
        return new AccountView(account.id(), account.name(), account.tier(), Timestamps.iso(account.createdAt()));
    }
}
