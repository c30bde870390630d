package dev.jnet.daemon;

import dev.jnet.daemon.testing.HostUntouched;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** Runs after every other test class: the in-process daemons left the machine's own namespace alone. */
@Order(Integer.MAX_VALUE)
class HostNamespaceUntouchedTest {
    @Test
    void theDaemonTestsLeftNoLinksAddressesRoutesTablesOrNamespacesInTheHostNamespace() {
        HostUntouched.assertUnchanged();
    }
}
