#!/usr/bin/env python3
"""A small Docker remote network plugin for jnet's tests: one Linux bridge per network, one veth per
endpoint, made with ip(8) in the namespace it runs in. Every call is appended to LOG as one JSON line
({"call": ..., "body": ...}). A network created with the generic option "fail" = "CALL" makes that call
answer {"Err": ...}; "garbage" = "CALL" makes it answer something that is not JSON; "hang" = "CALL"
makes it answer after 5 s; "prefix" = P makes Join answer DstPrefix P;
"nogateway" = "yes" makes it answer no gateway and no routes, "disable-gateway-service" = "yes" adds
DisableGatewayService. Its networks are kept
in LOG.state, as a real plugin keeps them across its restarts.

usage: bridge-plugin.py SOCKET LOG [SCOPE]   (SCOPE: local, the default, or global)
"""
import json
import os
import subprocess
import sys
import time

from plugin_server import PluginHandler, serve

SOCKET, LOG = sys.argv[1], sys.argv[2]
SCOPE = sys.argv[3] if len(sys.argv) > 3 else "local"
STATE = LOG + ".state"
networks = {}   # network id -> {"bridge", "gateway", "options"}
if os.path.exists(STATE):
    with open(STATE) as f:
        networks = json.load(f)


def save():
    with open(STATE + ".new", "w") as f:
        json.dump(networks, f)
    os.replace(STATE + ".new", STATE)


def ip(*args):
    subprocess.run(["ip", *args], check=True, capture_output=True)


def short(identifier):
    return identifier[:8]


class Handler(PluginHandler):
    def fault(self, call, body):
        network = networks.get(body.get("NetworkID"), {})
        options = network.get("options") or body.get("Options", {}).get("com.docker.network.generic", {}) or {}
        if options.get("garbage") == call:
            return b"this is not JSON"
        if options.get("hang") == call:
            time.sleep(5)
        if options.get("fail") == call:
            return json.dumps({"Err": "refused by the test"}).encode()
        return None

    def run(self, method, body):
        try:
            return method(body)
        except subprocess.CalledProcessError as e:
            return {"Err": "ip failed: " + e.stderr.decode().strip()}

    def Plugin_Activate(self, body):
        return {"Implements": ["NetworkDriver"]}

    def NetworkDriver_GetCapabilities(self, body):
        return {"Scope": SCOPE, "ConnectivityScope": SCOPE}

    def NetworkDriver_CreateNetwork(self, body):
        bridge = "rpb" + short(body["NetworkID"])
        gateway = body["IPv4Data"][0]["Gateway"]
        ip("link", "add", bridge, "type", "bridge")
        ip("addr", "add", gateway, "dev", bridge)
        ip("link", "set", bridge, "up")
        networks[body["NetworkID"]] = {"bridge": bridge, "gateway": gateway.split("/")[0],
                                       "options": body["Options"].get("com.docker.network.generic", {})}
        save()
        return {}

    def NetworkDriver_DeleteNetwork(self, body):
        network = networks.pop(body["NetworkID"])
        save()
        ip("link", "del", network["bridge"])
        return {}

    def NetworkDriver_CreateEndpoint(self, body):
        return {}

    def NetworkDriver_Join(self, body):
        network = networks[body["NetworkID"]]
        inside, outside = "rpv" + short(body["EndpointID"]), "rpp" + short(body["EndpointID"])
        ip("link", "add", inside, "type", "veth", "peer", "name", outside)
        ip("link", "set", outside, "master", network["bridge"], "up")
        options = network["options"]
        answer = {"InterfaceName": {"SrcName": inside, "DstPrefix": options.get("prefix", "eth")}}
        if options.get("nogateway") != "yes":
            answer["Gateway"] = network["gateway"]
            answer["StaticRoutes"] = [{"Destination": "10.99.0.0/24", "RouteType": 0, "NextHop": network["gateway"]}]
        if options.get("disable-gateway-service") == "yes":
            answer["DisableGatewayService"] = True
        return answer

    def NetworkDriver_Leave(self, body):
        return {}

    def NetworkDriver_DeleteEndpoint(self, body):
        outside = "rpp" + short(body["EndpointID"])
        if subprocess.run(["ip", "link", "show", outside], capture_output=True).returncode == 0:
            ip("link", "del", outside)
        return {}


serve(SOCKET, LOG, Handler)
