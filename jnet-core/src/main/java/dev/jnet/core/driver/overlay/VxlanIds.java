package dev.jnet.core.driver.overlay;

import dev.jnet.core.model.NetworkId;
import dev.jnet.error.JnetException;

import java.util.OptionalInt;

/**
 * Where overlay networks' VXLAN ids come from: the cluster, which hands each global network one id that no
 * other has. {@link #NONE} (a host on its own) takes only ids the user gives.
 */
public interface VxlanIds {
    /** {@code requested} for {@code network} (CONFLICT if another network has it), or one of the store's choosing. */
    int claim(NetworkId network, OptionalInt requested);

    /** Gives removed {@code network}'s id back (the store may rest it before reuse); nothing if it is not the network's. */
    void release(NetworkId network, int vni);

    /** Gives back the id claimed for {@code network}'s create that did not happen: free at once, no one used it. */
    void discard(NetworkId network, int vni);

    /** No cluster: the user's id, unchecked against other hosts. */
    VxlanIds NONE = new VxlanIds() {
        @Override
        public int claim(NetworkId network, OptionalInt requested) {
            return requested.orElseThrow(() -> JnetException.invalid("an overlay network needs its VXLAN id: jnetd with"
                    + " --cluster-store chooses one, or give -o " + OverlayOptions.VXLAN_IDS + "=ID"));
        }

        @Override
        public void release(NetworkId network, int vni) {
        }

        @Override
        public void discard(NetworkId network, int vni) {
        }
    };
}
