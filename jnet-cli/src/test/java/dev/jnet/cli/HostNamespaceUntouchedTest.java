package dev.jnet.cli;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** Runs after every other test class: running commands in sandboxes left the machine's namespace alone. */
@Order(Integer.MAX_VALUE)
class HostNamespaceUntouchedTest {
    @Test
    void theSuiteLeftNoLinksAddressesRoutesTablesOrNamespacesInTheHostNamespace() {
        HostUntouched.assertUnchanged();
    }
}
