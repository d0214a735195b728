"""Test-suite policy: no network (only loopback and local sockets), one quiet CPU thread by default."""
import socket

import pytest
import torch

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



@pytest.fixture
def one_thread():
    """One CPU thread: fast and reproducible on a shared 2-core machine.

    Experiment test modules use it for every test: ``pytestmark = pytest.mark.usefixtures("one_thread")``.
    """
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


@pytest.fixture(scope="module")
def one_thread_for_module():
    """One CPU thread for a whole test module: for module-scoped fixtures (a tiny result its tests share),
    which are set up before any function-scoped ``one_thread``."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


@pytest.fixture
def one_thread_and_private_cache(one_thread, tmp_path, monkeypatch):
    """One CPU thread and a result cache folder of the test's own."""
    monkeypatch.setenv("RESNET_LESSONS_CACHE", str(tmp_path))


_SUMMARY_LINES = []


@pytest.fixture(scope="session")
def terminal_summary():
    """A list: each line a test appends to it is printed at the end of the run (e.g. how many inputs were fuzzed)."""
    return _SUMMARY_LINES


def pytest_terminal_summary(terminalreporter):
    for line in _SUMMARY_LINES:
        terminalreporter.write_line(line)
