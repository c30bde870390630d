package dev.jnet.cli;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** Runs after every other integration test: jnetd in fake hosts and jnet run left the machine's namespace alone. */
@Order(Integer.MAX_VALUE)
class HostNamespaceUntouchedIT {
    @Test
    void jnetAndJnetdLeftNoLinksAddressesRoutesTablesOrNamespacesInTheHostNamespace() {
        HostUntouched.assertUnchanged();
    }
}
