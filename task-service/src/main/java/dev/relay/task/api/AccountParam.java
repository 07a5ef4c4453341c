package dev.relay.task.api;

import dev.relay.contracts.internal.ApiError;

/** The {@code account_id} query parameter every internal call is scoped by: the gateway sets it from the caller's key. */
final class AccountParam {

    private AccountParam() {
    }

    static String required(String accountId) {
        if (accountId == null || accountId.isBlank()) {
            throw ApiError.invalidValue("account_id", "account_id is required.");
        }
        return accountId;
    }
}
