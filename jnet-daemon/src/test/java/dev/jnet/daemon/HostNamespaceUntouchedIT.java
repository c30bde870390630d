package dev.jnet.daemon;

import dev.jnet.daemon.testing.HostUntouched;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** Runs after every other integration test: jnetd processes in fake hosts left the machine's namespace alone. */
@Order(Integer.MAX_VALUE)
class HostNamespaceUntouchedIT {
    @Test
    void jnetdProcessesLeftNoLinksAddressesRoutesTablesOrNamespacesInTheHostNamespace() {
        HostUntouched.assertUnchanged();
    }
}
