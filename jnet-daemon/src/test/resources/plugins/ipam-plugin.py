#!/usr/bin/env python3
"""A small Docker IPAM plugin for jnet's tests. Pools come from 10.123.0.0/16 (a /24 each) unless one is
asked for; gateways are the first free address, endpoint addresses the first free from .100 up, so that
they differ from what jnet's own IPAM would give. Every call is appended to LOG as one JSON line
({"call": ..., "body": ...}). It keeps its state in memory only: a restart forgets every allocation, as
plugins that ask for a replay (RequiresRequestReplay) do.

CAPS is a comma-separated list: "mac" (RequiresMACAddress), "replay" (RequiresRequestReplay),
"gateway-data" (the gateway comes with the pool, in Data). IPAM options of a pool: "fail" = CALL makes
that call answer {"Error": ...}; "full" = "yes" makes endpoint addresses (not the gateway's, not asked
for ones) run out.

usage: ipam-plugin.py SOCKET LOG CAPS
"""
import ipaddress
import json
import sys

from plugin_server import PluginHandler, serve

SOCKET, LOG, CAPS = sys.argv[1], sys.argv[2], set(filter(None, sys.argv[3].split(",")))
GATEWAY = "com.docker.network.gateway"
pools = {}   # pool id -> {"network": ip_network, "options": {...}, "taken": set of str}
next_pool = [0]


class Refused(Exception):
    pass


class Handler(PluginHandler):
    def fault(self, call, body):
        pool = pools.get(body.get("PoolID"), {})
        options = {**pool.get("options", {}), **(body.get("Options") or {})}
        if options.get("fail") == call:
            return json.dumps({"Error": "refused by the test"}).encode()
        return None

    def run(self, method, body):
        try:
            return method(body)
        except Refused as e:
            return {"Error": str(e)}

    def Plugin_Activate(self, body):
        return {"Implements": ["IpamDriver"]}

    def IpamDriver_GetCapabilities(self, body):
        return {"RequiresMACAddress": "mac" in CAPS, "RequiresRequestReplay": "replay" in CAPS}

    def IpamDriver_GetDefaultAddressSpaces(self, body):
        return {"LocalDefaultAddressSpace": "testlocal", "GlobalDefaultAddressSpace": "testglobal"}

    def IpamDriver_RequestPool(self, body):
        if body.get("V6"):
            raise Refused("this plugin has no IPv6 pools")
        if body.get("Pool"):
            network = ipaddress.ip_network(body["Pool"])
        else:
            network = ipaddress.ip_network("10.123.%d.0/24" % next_pool[0])
            next_pool[0] += 1
        pool_id = body["AddressSpace"] + "/" + str(network)
        pools.setdefault(pool_id, {"network": network, "options": body.get("Options") or {}, "taken": set()})
        data = {}
        if "gateway-data" in CAPS:
            gateway = str(network.network_address + 254)
            pools[pool_id]["taken"].add(gateway)
            data[GATEWAY] = gateway + "/" + str(network.prefixlen)
        return {"PoolID": pool_id, "Pool": str(network), "Data": data}

    def IpamDriver_ReleasePool(self, body):
        pools.pop(body["PoolID"], None)
        return {}

    def IpamDriver_RequestAddress(self, body):
        pool = pools.get(body["PoolID"])
        if pool is None:
            raise Refused("no pool " + body["PoolID"])
        network, taken = pool["network"], pool["taken"]
        options = body.get("Options") or {}
        gateway = options.get("RequestAddressType") == GATEWAY
        if body.get("Address"):
            address = body["Address"]
            if address in taken:
                raise Refused("address " + address + " already in use")
        elif pool["options"].get("full") == "yes" and not gateway:
            raise Refused("no more addresses in " + str(network))
        else:
            first = 1 if gateway else 100
            address = next(str(a) for a in network.hosts() if int(a) - int(network.network_address) >= first
                           and str(a) not in taken)
        taken.add(address)
        return {"Address": address + "/" + str(network.prefixlen), "Data": {}}

    def IpamDriver_ReleaseAddress(self, body):
        pool = pools.get(body["PoolID"])
        if pool is not None:
            pool["taken"].discard(body["Address"])
        return {}


serve(SOCKET, LOG, Handler)
