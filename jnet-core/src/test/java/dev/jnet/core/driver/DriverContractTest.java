package dev.jnet.core.driver;

import dev.jnet.core.model.Endpoint;
import dev.jnet.core.model.EndpointId;
import dev.jnet.core.model.IpamPool;
import dev.jnet.core.model.Network;
import dev.jnet.core.model.NetworkId;
import dev.jnet.core.model.NetworkSpec;
import dev.jnet.core.model.PortBinding;
import dev.jnet.core.model.PortRequest;
import dev.jnet.core.model.SandboxId;
import dev.jnet.error.ErrorKind;
import dev.jnet.error.JnetException;
import dev.jnet.kernel.Kernel;
import dev.jnet.kernel.rtnl.LinkOptions;
import dev.jnet.kernel.rtnl.LinkSpec;
import dev.jnet.kernel.testing.NetnsExtension;
import dev.jnet.kernel.testing.ThrowawayNs;
import dev.jnet.net.Cidr;
import dev.jnet.net.IfName;
import dev.jnet.net.MacAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every network driver promises the controller, run against the real kernel in throwaway namespaces:
 * a fake host and a sandbox. A driver's test extends this and says how to make the driver and a network
 * request it accepts on that host. Drivers that make nothing pass trivially; the checks are on links, so a
 * driver must mark what it makes in the host ({@code jnet:network:ID}, {@code jnet:endpoint:ID}) for the
 * controller's orphan sweep.
 */
@ExtendWith(NetnsExtension.class)
public abstract class DriverContractTest {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private Kernel kernel;

    /** The driver under test, on {@code kernel} (whose host namespace is the fake host). */
    protected abstract Driver driver(Kernel kernel);

    /** Prepares the fake host for the driver (an uplink for macvlan, say) and says what to create. */
    protected abstract NetworkSpec spec(ThrowawayNs host, String name);

    /** Options the driver must refuse, with words of the error it gives. */
    protected abstract Map<String, String> badOptions();

    /** The driver as a controller starts it: its shared state reconciled with no networks yet. */
    private Driver started(ThrowawayNs host) {
        Driver driver = driver(kernel(host));
        driver.reconcileAll(List.of(), List.of());
        return driver;
    }

    protected Kernel kernel(ThrowawayNs host) {
        if (kernel == null) {
            kernel = new Kernel(NetnsExtension.RUN_DIR.resolve("contract" + COUNTER.incrementAndGet()), host.ns());
            host.rtnl().links().setUp(IfName.of("lo"));
        }
        return kernel;
    }

    @AfterEach
    void closeKernel() {
        if (kernel != null) {
            kernel.close();
            kernel.namespaces().releaseDirectory(); // its shared bind mount under the test's run directory
            NetnsExtension.removeEmptyTree(kernel.namespaces().directory().getParent());
        }
    }

    /** A network as the controller would make it: planned, with one IPv4 subnet and its gateway. */
    protected static Network network(Driver driver, NetworkSpec spec, NetworkId id, NetworkPlan plan) {
        List<IpamPool> v4 = plan.ipamNeeds(false) == Driver.IpamNeeds.NONE ? List.of()
                : List.of(new IpamPool(Cidr.parse("192.0.2.0/24"), Optional.empty(),
                        plan.ipamNeeds(false) == Driver.IpamNeeds.SUBNETS_WITH_GATEWAY
                                ? Optional.of(Cidr.parseAddress("192.0.2.1")) : Optional.empty(), Map.of()));
        return new Network(id, spec.name(), driver.name(), Instant.now(), v4, List.of(), spec.options(), spec.labels(),
                spec.internal(), spec.attachable(), true, false, driver.capabilities().dataScope(), plan.data());
    }

    private Network create(Driver driver, NetworkSpec spec) {
        NetworkId id = NetworkId.random();
        NetworkPlan plan = driver.plan(id, spec);
        Network network = network(driver, spec, id, plan);
        driver.createNetwork(network, plan);
        return network;
    }

    private static Endpoint endpoint(Network network, String ifname) {
        Optional<Cidr> v4 = network.ipv4().isEmpty() ? Optional.empty() : Optional.of(Cidr.parse("192.0.2.7/24"));
        return new Endpoint(EndpointId.random(), "box", network.id(), SandboxId.random(), IfName.of(ifname), v4,
                Optional.empty(), MacAddress.parse("02:42:c0:00:02:07"), List.of(), Map.of()).onHost("contract");
    }

    /** Hands out no port: a contract join publishes nothing. */
    private static final HostPorts NO_PORTS = new HostPorts() {
        @Override
        public List<PortBinding> reserve(List<PortRequest> requests, InetAddress defaultHostIp) {
            throw new AssertionError("a join without ports to publish asked for host ports");
        }

        @Override
        public void release(List<PortBinding> bindings) {
        }
    };

    private static JoinResult join(Driver driver, Network network, Endpoint endpoint, ThrowawayNs sandbox) {
        return driver.join(new JoinRequest(network, endpoint, sandbox.ns(), List.of(), NO_PORTS));
    }

    @Test
    void createAndDeleteLeaveTheHostAsItWasAndDeleteTwiceIsNoError(ThrowawayNs host) {
        Driver driver = started(host);
        NetworkSpec spec = spec(host, "contract");
        List<String> before = host.ipLinkNames();

        Network network = create(driver, spec);
        assertThat(driver.ensureNetwork(network)).as("nothing is missing right after create").isFalse();
        assertThat(host.ipLinks()).as("what it made in the host carries the network's mark")
                .allSatisfy(l -> assertThat(before.contains(l.path("ifname").asString())
                        || l.path("ifalias").asString().equals(Driver.OWNER_MARK + "network:" + network.id())).isTrue());
        driver.deleteNetwork(network);
        driver.deleteNetwork(network);
        assertThat(host.ipLinkNames()).containsExactlyInAnyOrderElementsOf(before);
        driver.removeShared();
    }

    @Test
    void joinMakesTheInterfaceAndLeaveTakesEverythingAwayTwiceWithoutError(ThrowawayNs host, ThrowawayNs sandbox) {
        Driver driver = started(host);
        Network network = create(driver, spec(host, "contract"));
        List<String> hostBefore = host.ipLinkNames();
        Endpoint endpoint = endpoint(network, "eth0");

        JoinResult joined = join(driver, network, endpoint, sandbox);
        Endpoint stored = endpoint.joinedAs(joined.record(), joined.ports(), endpoint.ipv4(), endpoint.ipv6());
        assertThat(driver.isJoined(network, stored, sandbox.ns())).isTrue();
        for (SandboxLink link : joined.interfaces()) {
            if (link.madeInHostAs().isEmpty()) {
                assertThat(sandbox.ipLinkNames()).contains(link.name().value());
            }
        }
        assertThat(joined.record().defaultRoute()).as("a join offers the default route only with a gateway or routes")
                .isEqualTo(joined.record().defaultRoute() && (joined.record().ipv4Gateway().isPresent()
                        || joined.record().ipv6Gateway().isPresent()));

        driver.leave(network, stored, sandbox.ns());
        driver.leave(network, stored, sandbox.ns());
        assertThat(driver.isJoined(network, stored, sandbox.ns()) && !joined.interfaces().isEmpty()).isFalse();
        assertThat(sandbox.ipLinkNames()).containsExactly("lo");
        assertThat(host.ipLinkNames()).containsExactlyInAnyOrderElementsOf(hostBefore);
        driver.deleteNetwork(network);
        driver.removeShared();
    }

    @Test
    void aFailedJoinUndoesWhatItDid(ThrowawayNs host, ThrowawayNs sandbox) {
        Driver driver = started(host);
        Network network = create(driver, spec(host, "contract"));
        // The sandbox already has an eth0 that is not the driver's: the join cannot make its own.
        sandbox.rtnl().links().create(new LinkSpec.Veth(IfName.of("eth0"), IfName.of("other0"))
                .withOptions(LinkOptions.DEFAULTS, LinkOptions.DEFAULTS));
        List<String> hostBefore = host.ipLinkNames();
        List<String> sandboxBefore = sandbox.ipLinkNames();
        Endpoint endpoint = endpoint(network, "eth0");

        try {
            JoinResult joined = join(driver, network, endpoint, sandbox);
            assertThat(joined.interfaces()).as("only a driver that makes nothing may succeed").isEmpty();
        } catch (JnetException e) {
            assertThat(host.ipLinkNames()).containsExactlyInAnyOrderElementsOf(hostBefore);
            assertThat(sandbox.ipLinkNames()).containsExactlyInAnyOrderElementsOf(sandboxBefore);
        }
        driver.deleteNetwork(network);
        driver.removeShared();
    }

    @Test
    void anEndpointWhoseInterfaceWentIsNotJoinedAndJoinsAgain(ThrowawayNs host, ThrowawayNs sandbox) {
        Driver driver = started(host);
        Network network = create(driver, spec(host, "contract"));
        Endpoint endpoint = endpoint(network, "eth0");
        JoinResult joined = join(driver, network, endpoint, sandbox);
        if (joined.interfaces().isEmpty()) {
            driver.deleteNetwork(network);
            return;
        }
        sandbox.exec("ip", "link", "del", "eth0").orFail(List.of("ip", "link", "del", "eth0"));
        assertThat(driver.isJoined(network, endpoint, sandbox.ns())).isFalse();

        driver.leave(network, endpoint, sandbox.ns()); // what reconciliation does: leave, then join again
        join(driver, network, endpoint, sandbox);
        assertThat(driver.isJoined(network, endpoint, sandbox.ns())).isTrue();
        assertThat(driver.joined(List.of(new Attachment(network, endpoint, sandbox.ns())), kernel(host).host().links().list()))
                .containsExactly(endpoint.id());
        driver.leave(network, endpoint, sandbox.ns());
        driver.deleteNetwork(network);
        driver.removeShared();
    }

    @Test
    void aNetworkWhoseKernelObjectsWentIsMadeAgainByEnsure(ThrowawayNs host) {
        Driver driver = started(host);
        Network network = create(driver, spec(host, "contract"));
        List<String> made = java.util.stream.StreamSupport.stream(host.ipLinks().spliterator(), false)
                .filter(l -> l.path("ifalias").asString().equals(Driver.OWNER_MARK + "network:" + network.id()))
                .map(l -> l.path("ifname").asString()).toList();
        made.forEach(name -> host.exec("ip", "link", "del", name));

        assertThat(driver.ensureNetwork(network)).isEqualTo(!made.isEmpty());
        assertThat(host.ipLinkNames()).containsAll(made);
        assertThat(driver.ensureNetwork(network)).as("the second time, nothing is missing").isFalse();
        driver.deleteNetwork(network);
        driver.removeShared();
    }

    @Test
    void badOptionsAreRefusedBeforeAnythingIsMade(ThrowawayNs host) {
        Driver driver = started(host);
        NetworkSpec spec = spec(host, "contract");
        List<String> before = host.ipLinkNames();
        Map<String, String> options = new java.util.HashMap<>(spec.options());
        options.putAll(badOptions());

        assertThatThrownBy(() -> driver.plan(NetworkId.random(), spec.withOptions(options)))
                .isInstanceOfSatisfying(JnetException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID));
        assertThat(host.ipLinkNames()).containsExactlyInAnyOrderElementsOf(before);
    }
}
