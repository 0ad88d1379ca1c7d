"""download_mnist against servers on the loopback interface that misbehave: one that accepts
and never answers, one that drops every connection, one that fails once and then serves. Each
is bounded in time by the small timeout and backoff given; nothing leaves this machine."""
import hashlib
import socket
import threading

import numpy as np
import pytest

from course import datasets


class LoopbackServer:
    """A TCP server on 127.0.0.1 that handles each connection with ``behaviour(conn, n)``
    (n counts connections from 1) and counts them."""

    def __init__(self, behaviour):
        self.behaviour = behaviour
        self.connections = 0
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.1)
        self.url = "http://127.0.0.1:%d/" % self.sock.getsockname()[1]
        self.stop = threading.Event()
        self.held = []
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            self.connections += 1
            self.behaviour(self, conn, self.connections)

    def close(self):
        self.stop.set()
        self.thread.join()
        for conn in self.held:
            conn.close()
        self.sock.close()


def never_answer(server, conn, n):
    server.held.append(conn)                # keep it open, say nothing


def drop(server, conn, n):
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\1\0\0\0\0\0\0\0")   # RST
    conn.close()


PAYLOAD = np.arange(100, dtype=np.uint8).tobytes()


def fail_once_then_serve(server, conn, n):
    conn.settimeout(1.0)
    try:
        conn.recv(65536)
        if n == 1:
            conn.sendall(b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n")
        else:
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(PAYLOAD)
                         + PAYLOAD)
    finally:
        conn.close()


def not_found(server, conn, n):
    conn.settimeout(1.0)
    try:
        conn.recv(65536)
        conn.sendall(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
    finally:
        conn.close()


@pytest.fixture
def serve():
    servers = []

    def start(behaviour):
        servers.append(LoopbackServer(behaviour))
        return servers[-1]
    yield start
    for server in servers:
        server.close()


def _download(server, directory, **kwargs):
    return datasets.download_mnist(directory, base_url=server.url, sha256={"f.gz": None},
                                   progress=False, **kwargs)


def test_a_server_that_never_answers_times_out_and_is_retried(serve, tmp_path):
    server = serve(never_answer)
    with pytest.raises(datasets.DownloadError) as caught:
        _download(server, tmp_path, timeout=0.2, retries=2, backoff=0.01)
    message = str(caught.value)
    assert server.connections == 3
    assert "Could not download %sf.gz (3 attempts, timeout 0.2 s each)" % server.url in message
    assert message.count("no answer within 0.2 s") == 3
    assert str(tmp_path / "f.gz") in message and "sha256" in message
    assert list(tmp_path.iterdir()) == []               # no partial file left behind


def test_a_server_that_drops_connections(serve, tmp_path):
    server = serve(drop)
    with pytest.raises(datasets.DownloadError, match="the server dropped the connection|"
                                                     "ConnectionResetError") as caught:
        _download(server, tmp_path, timeout=1.0, retries=1, backoff=0.01)
    assert server.connections == 2
    assert "attempt 2:" in str(caught.value)


def test_a_transient_failure_is_retried_then_the_file_is_fetched(serve, tmp_path):
    server = serve(fail_once_then_serve)
    paths = datasets.download_mnist(
        tmp_path, base_url=server.url, progress=False, timeout=1.0, backoff=0.01,
        sha256={"f.gz": hashlib.sha256(PAYLOAD).hexdigest()})
    assert paths["f.gz"].read_bytes() == PAYLOAD and server.connections == 2


def test_a_client_error_is_not_retried(serve, tmp_path):
    server = serve(not_found)
    with pytest.raises(datasets.DownloadError, match=r"\(1 attempt, .*HTTP 404 Not Found"):
        _download(server, tmp_path, timeout=1.0, retries=3, backoff=0.01)
    assert server.connections == 1
