"""A raw TCP server on loopback for the faults an HTTP framework will not produce: bytes one at a time (headers
included), silence, broken headers, TLS with a certificate of our own."""

from __future__ import annotations

import contextlib
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field


@dataclass
class Trickler:
    """Answers every connection with `payload`, one byte every `gap_s` (0: all at once); an empty payload
    holds the connection open without a word. `hung_up_after` records the bytes sent when a client went away."""

    payload: bytes
    gap_s: float = 0.05
    tls: ssl.SSLContext | None = None
    connections: int = 0
    hung_up_after: list[int] = field(default_factory=list)
    stopping: threading.Event = field(default_factory=threading.Event)

    def serve(self, listener: socket.socket) -> None:
        while not self.stopping.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._send, args=(conn,), daemon=True).start()

    def _send(self, conn: socket.socket) -> None:
        if self.tls is not None:
            try:
                conn = self.tls.wrap_socket(conn, server_side=True)
            except ssl.SSLError:  # the client refused the certificate
                conn.close()
                return
        with conn:
            conn.recv(65536)  # the request
            if not self.payload:
                self.stopping.wait()
            step = 1 if self.gap_s else len(self.payload)
            for sent in range(0, len(self.payload), step):
                try:
                    conn.sendall(self.payload[sent : sent + step])
                except OSError:
                    self.hung_up_after.append(sent)
                    return
                if self.gap_s and self.stopping.wait(self.gap_s):
                    return
            self.stopping.wait(0.5)  # let the client read before the connection closes

    def wait_for_hang_up(self, seconds: float = 5.0) -> bool:
        """Poll until a client hung up (the server notices at its next write)."""
        until = time.monotonic() + seconds
        while not self.hung_up_after and time.monotonic() < until:
            time.sleep(0.02)
        return bool(self.hung_up_after)


@contextlib.contextmanager
def serving_tricklers() -> Iterator[Callable[[bytes], tuple[Trickler, str]]]:
    """Yield `start(payload) -> (server, "http://127.0.0.1:PORT/feed.xml")`; every server stops on exit."""
    started: list[tuple[Trickler, socket.socket]] = []

    def start(payload: bytes) -> tuple[Trickler, str]:
        listener = socket.create_server(("127.0.0.1", 0))
        server = Trickler(payload)
        threading.Thread(target=server.serve, args=(listener,), daemon=True).start()
        started.append((server, listener))
        return server, f"http://127.0.0.1:{listener.getsockname()[1]}/feed.xml"

    try:
        yield start
    finally:
        for server, listener in started:
            server.stopping.set()
            listener.close()
