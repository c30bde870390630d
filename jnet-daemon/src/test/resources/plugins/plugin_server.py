"""What jnet's test plugins share: a threaded HTTP server on a Unix socket, or on tcp://HOST:PORT (with TLS
when PLUGIN_TLS_CERT and PLUGIN_TLS_KEY name PEM files, and client certificates required when PLUGIN_TLS_CA
names their CA), that appends every call to a log as one JSON line ({"call": ..., "accept": ..., "body": ...,
"peer": the client certificate's CN}) and hands it to the handler's method named after it
(NetworkDriver.Join goes to NetworkDriver_Join). A call with no method answers 404, as Docker expects of a
plugin that does not implement an optional call. A TCP server writes LOG.ready once it listens.
"""
import http.server
import json
import os
import socketserver
import ssl


class PluginHandler(http.server.BaseHTTPRequestHandler):
    log_path = None

    def log_message(self, *args):
        pass

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        body = json.loads(raw) if raw.strip() else {}
        call = self.path.lstrip("/")
        entry = {"call": call, "accept": self.headers.get("Accept"), "body": body}
        peer = self.connection.getpeercert() if isinstance(self.connection, ssl.SSLSocket) else None
        if peer:
            entry["peer"] = dict(pair[0] for pair in peer["subject"]).get("commonName")
        with open(self.log_path, "a") as log:
            log.write(json.dumps(entry) + "\n")
        early = self.fault(call, body)
        if early is not None:
            return self.answer(200, early)
        method = getattr(self, call.replace(".", "_"), None)
        if method is None:
            return self.answer(404, b"404 page not found\n")
        self.answer(200, json.dumps(self.run(method, body)).encode())

    def fault(self, call, body):
        """The raw answer a test asked this call to get instead of the real one, or None."""
        return None

    def run(self, method, body):
        return method(body)

    def answer(self, status, data):
        self.send_response(status)
        self.send_header("Content-Type", "application/vnd.docker.plugins.v1.2+json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class _Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True


class _TcpServer(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


def serve(socket, log, handler):
    """Serves handler (a PluginHandler subclass) on socket until killed, logging calls to log."""
    handler.log_path = log
    if socket.startswith("tcp://"):
        host, port = socket[len("tcp://"):].rsplit(":", 1)
        server = _TcpServer((host, int(port)), handler)
        if os.environ.get("PLUGIN_TLS_CERT"):
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(os.environ["PLUGIN_TLS_CERT"], os.environ["PLUGIN_TLS_KEY"])
            if os.environ.get("PLUGIN_TLS_CA"):
                context.load_verify_locations(os.environ["PLUGIN_TLS_CA"])
                context.verify_mode = ssl.CERT_REQUIRED
            server.socket = context.wrap_socket(server.socket, server_side=True)
        open(log + ".ready", "w").close()
        server.serve_forever()
    if os.path.exists(socket):
        os.unlink(socket)
    _Server(socket, handler).serve_forever()
