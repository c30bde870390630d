package dev.jnet.cli;

import java.util.Iterator;
import java.util.List;

/**
 * The values completion offers for options that take one of a few words (picocli's
 * {@code completionCandidates}). {@link #NETWORKS} and {@link #DRIVERS} stand for lists asked of jnetd at
 * each TAB: {@link CompletionCommand} puts the commands that ask in their place.
 */
final class Candidates {
    /** Stands for the networks jnetd has, in the completion script. */
    static final String NETWORKS = "@networks";
    /** Stands for the drivers jnetd has registered, in the completion script. */
    static final String DRIVERS = "@drivers";

    private Candidates() {}

    /** A fixed list of words, in the order they are offered. */
    abstract static class Words implements Iterable<String> {
        private final List<String> words;

        Words(String... words) {
            this.words = List.of(words);
        }

        @Override
        public Iterator<String> iterator() {
            return words.iterator();
        }
    }

    static final class ListFormats extends Words {
        ListFormats() {
            super("table", "json");
        }
    }

    static final class InspectFormats extends Words {
        InspectFormats() {
            super("json", "docker");
        }
    }

    static final class JsonFormat extends Words {
        JsonFormat() {
            super("json");
        }
    }

    static final class NetworkFilters extends Words {
        NetworkFilters() {
            super("type=custom", "type=builtin", "dangling=true", "dangling=false", "scope=local", "driver=", "name=",
                    "id=", "label=");
        }
    }

    static final class SandboxFilters extends Words {
        SandboxFilters() {
            super("name=", "id=", "network=");
        }
    }

    static final class PruneFilters extends Words {
        PruneFilters() {
            super("label=", "label!=", "until=");
        }
    }

    static final class EventFilters extends Words {
        EventFilters() {
            super("type=network", "type=sandbox", "type=jnet", "event=create", "event=destroy", "event=connect",
                    "event=disconnect", "event=repair", "network=", "sandbox=");
        }
    }

    static final class Networks extends Words {
        Networks() {
            super(NETWORKS);
        }
    }

    static final class Drivers extends Words {
        Drivers() {
            super(DRIVERS);
        }
    }
}
