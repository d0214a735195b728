"""Test-suite policy: no network (only loopback and local sockets), one quiet CPU thread by default."""
import socket

import pytest

_real_connect = socket.socket.connect
LOOPBACK = ("127.", "::1", "localhost")


class NetworkBlocked(OSError):
    pass


def _guarded_connect(self, address):
    if self.family in (socket.AF_INET, socket.AF_INET6):
        host = str(address[0])
        if not host.startswith(LOOPBACK):
            raise NetworkBlocked(f"tests may not use the network (tried {host}) / 测试不得访问网络")
    return _real_connect(self, address)


@pytest.fixture(autouse=True, scope="session")
def no_network():
    """Any attempt to reach another host fails at once, as on an offline laptop."""
    socket.socket.connect = _guarded_connect
    yield
    socket.socket.connect = _real_connect
