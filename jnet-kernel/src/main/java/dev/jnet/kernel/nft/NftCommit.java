package dev.jnet.kernel.nft;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * One committed nftables transaction, as its notifications told it.
 *
 * @param generation the ruleset generation the transaction made
 * @param pid the kernel's id of the thread that committed it (a thread id, not always the process id)
 * @param process that thread's name, as the kernel knows it ({@code nft}, {@code iptables-nft}, ...)
 * @param tables the tables it changed, as {@code family name} ({@code inet jnet})
 */
public record NftCommit(long generation, int pid, String process, Set<String> tables) {
    public NftCommit {
        tables = Set.copyOf(tables);
    }

    /**
     * Whether a thread of this very process made it. The kernel reports the id in its initial PID
     * namespace, so in a PID namespace of its own jnet takes its own changes for someone else's (and only
     * checks more often).
     */
    public boolean fromThisProcess() {
        return pid > 0 && Files.exists(Path.of("/proc/self/task/" + pid));
    }

    public boolean touched(String family, String table) {
        return tables.contains(family + " " + table);
    }
}
