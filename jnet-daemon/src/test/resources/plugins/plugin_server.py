"""What jnet's test plugins share: a threaded HTTP server on a Unix socket that appends every call to a
log as one JSON line ({"call": ..., "accept": ..., "body": ...}) and hands it to the handler's method named
after it (NetworkDriver.Join goes to NetworkDriver_Join). A call with no method answers 404, as Docker
expects of a plugin that does not implement an optional call.
"""
import http.server
import json
import os
import socketserver


class PluginHandler(http.server.BaseHTTPRequestHandler):
    log_path = None

    def log_message(self, *args):
        pass

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        body = json.loads(raw) if raw.strip() else {}
        call = self.path.lstrip("/")
        with open(self.log_path, "a") as log:
            log.write(json.dumps({"call": call, "accept": self.headers.get("Accept"), "body": body}) + "\n")
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


def serve(socket, log, handler):
    """Serves handler (a PluginHandler subclass) on socket until killed, logging calls to log."""
    handler.log_path = log
    if os.path.exists(socket):
        os.unlink(socket)
    _Server(socket, handler).serve_forever()
