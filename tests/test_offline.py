"""The course works with no network: the suite itself blocks sockets (see conftest.py)."""
import socket
import subprocess
import sys

import pytest


def test_the_network_is_blocked_in_tests():
    with pytest.raises(OSError, match="network"):
        socket.create_connection(("203.0.113.1", 443), timeout=1)


def test_package_imports_and_cli_help_need_no_network():
    # A fresh interpreter inside a network namespace would be stronger; here: no socket is opened at import.
    code = ("import socket\n"
            "def deny(*a, **k): raise SystemExit('socket opened')\n"
            "socket.socket.connect = deny\n"
            "import resnet_lessons, resnet_lessons.models, resnet_lessons.plots, resnet_lessons.cli\n"
            "resnet_lessons.cli.build_parser()\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
