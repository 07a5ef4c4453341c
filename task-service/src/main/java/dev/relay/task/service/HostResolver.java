package dev.relay.task.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Resolves webhook receivers' host names, with the system's resolver. A bean of its own so that tests can name hosts
 * the system cannot resolve, and so show that a call goes to the address its check approved, never to a second lookup.
 */
@ApplicationScoped
public class HostResolver {

    /** Every address of the host, in the order the system gives them. */
    public InetAddress[] addresses(String host) throws UnknownHostException {
        return InetAddress.getAllByName(host);
    }
}
