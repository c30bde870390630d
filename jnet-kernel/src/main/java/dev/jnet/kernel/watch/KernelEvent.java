package dev.jnet.kernel.watch;

import dev.jnet.kernel.nft.NftCommit;
import dev.jnet.kernel.rtnl.Address;
import dev.jnet.kernel.rtnl.Link;

/** A change in a namespace that the kernel announced to a {@link KernelWatch}. */
public sealed interface KernelEvent {
    /** A link appeared or changed, or ({@code deleted}) went away; {@code link} is as it was then. */
    record LinkChanged(boolean deleted, Link link) implements KernelEvent {}

    /** An address was added or ({@code deleted}) removed. */
    record AddressChanged(boolean deleted, Address address) implements KernelEvent {}

    /** An nftables transaction was committed. */
    record NftChanged(NftCommit commit) implements KernelEvent {}

    /**
     * The kernel dropped notifications of {@code source} ("links and addresses", "nftables") because they
     * came faster than they were read: whatever they would have said must be checked again.
     */
    record EventsLost(String source) implements KernelEvent {}
}
