"""Serve a folder over HTTP on 127.0.0.1 with gzip, as a static host (GitHub Pages) does.

Text responses (HTML, CSS, JavaScript, SVG, JSON, CSV, plain text, maps) are gzipped when the
client accepts it; fonts and images are sent as they are. Used by ``benchmarks/benchmark.py``
to measure what a reader's browser transfers, and usable by hand::

    python tools/serve_gzip.py _build/html 8000
"""
from __future__ import annotations

import functools
import gzip
import http.server
import sys
import threading
from pathlib import Path

COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml",
                "application/xml", "application/manifest+json")


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".js": "application/javascript", ".mjs": "application/javascript",
                      ".json": "application/json", ".svg": "image/svg+xml",
                      ".woff2": "font/woff2", ".map": "application/json", ".csv": "text/csv"}
    _cache: dict[tuple[str, int], bytes] = {}
    _lock = threading.Lock()

    def log_message(self, *args):  # quiet
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the stock redirect to ".../"
            path = path / "index.html"
        ctype = self.guess_type(str(path))
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not path.is_file() or not wants_gzip or not ctype.startswith(COMPRESSIBLE):
            return super().send_head()
        stat = path.stat()
        key = (str(path), stat.st_mtime_ns)
        with self._lock:
            body = self._cache.get(key)
            if body is None:
                body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
                self._cache[key] = body
        self.send_response(200)
        self.send_header("Content-Type", ctype + ("; charset=utf-8" if ctype.startswith("text/") or ctype.endswith(("javascript", "json")) else ""))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        import io
        return io.BytesIO(body)


def serve(directory: Path | str, port: int = 0) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Start a gzip server in a daemon thread; return it and its base URL (ending in /)."""
    handler = functools.partial(GzipHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


if __name__ == "__main__":
    folder = sys.argv[1] if len(sys.argv) > 1 else "_build/html"
    port = int(sys.argv[2]) if len(sys.argv) > 2 else 8000
    srv, url = serve(folder, port)
    print(f"serving {folder} with gzip at {url} (Ctrl-C stops)")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        srv.shutdown()
