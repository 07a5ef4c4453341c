package dev.relay.task.support;

import dev.relay.task.service.HostResolver;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The webhook check's resolver in tests: names a test pointed somewhere resolve there (names under {@code .invalid},
 * which no real resolver answers, so a call that reaches them went to the address the check approved); every other
 * name as the system resolves it.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class TestHosts extends HostResolver {

    private final Map<String, InetAddress> pointed = new ConcurrentHashMap<>();

    /** A fresh name under {@code .invalid} that the check resolves to {@code address}, and nothing else does. */
    public String pointedAt(InetAddress address) {
        String host = "hooks-" + java.util.UUID.randomUUID() + ".relay-test.invalid";
        pointed.put(host, address);
        return host;
    }

    @Override
    public InetAddress[] addresses(String host) throws UnknownHostException {
        InetAddress address = pointed.get(host);
        return address != null ? new InetAddress[] {address} : super.addresses(host);
    }
}
