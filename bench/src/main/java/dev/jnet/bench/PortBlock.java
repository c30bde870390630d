package dev.jnet.bench;

import java.util.List;
import java.util.stream.IntStream;

/**
 * A run of TCP ports published by one sandbox: host ports {@code firstHostPort ..} to container ports
 * {@code firstContainerPort ..}, pairwise, on every host address.
 */
record PortBlock(int firstHostPort, int firstContainerPort, int count) {
    PortBlock {
        if (count < 0 || firstHostPort < 1 || firstContainerPort < 1 || firstHostPort + count - 1 > 65_535
                || firstContainerPort + count - 1 > 65_535) {
            throw new IllegalArgumentException("no such port block: %d ports from %d to %d"
                    .formatted(count, firstHostPort, firstContainerPort));
        }
    }

    int hostPort(int i) {
        return firstHostPort + i;
    }

    int containerPort(int i) {
        return firstContainerPort + i;
    }

    int lastHostPort() {
        return hostPort(count - 1);
    }

    /** One {@code -p} spec a port, {@code 40000:1000/tcp}: as many bindings as specs. */
    List<String> singleSpecs() {
        return IntStream.range(0, count).mapToObj(i -> "%d:%d/tcp".formatted(hostPort(i), containerPort(i))).toList();
    }

    /** The block as one ranged {@code -p} spec, {@code 20000-20199:1000-1199/tcp}; none when empty. */
    List<String> rangeSpec() {
        return count == 0 ? List.of() : List.of("%d-%d:%d-%d/tcp".formatted(firstHostPort, lastHostPort(),
                firstContainerPort, containerPort(count - 1)));
    }

    /** The bindings jnetd must answer with, as {@link PublishedPorts#bindings} writes them. */
    List<String> expectedBindings() {
        return IntStream.range(0, count).mapToObj(i -> PublishedPorts.binding("tcp", "0.0.0.0", hostPort(i),
                containerPort(i))).sorted().toList();
    }

    /** The element of {@code ports4} for port {@code i} of the block published by {@code address}. */
    String nftElement(int i, String address) {
        return "tcp . %d : %s . %d".formatted(hostPort(i), address, containerPort(i));
    }
}
