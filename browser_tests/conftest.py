"""Start a JupyterLab server on 127.0.0.1 over a copy of the notebooks, and a headless chromium."""
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build" / "browser"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
TOKEN = "resnet-lessons-browser-test"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic", "--disable-dev-shm-usage",
                 # a tab in the background must not be throttled while a kernel works for it
                 "--disable-background-timer-throttling", "--disable-renderer-backgrounding"]
# JupyterLab user settings for the test: no "news" pop-up (nor update check: no internet), and every cell
# attached to the page (no windowing), so that a figure far down the notebook is in the DOM to be checked;
# no blank space after the last cell (a screenshot of the whole notebook ends with it).
SETTINGS = {
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none", "scrollPastEnd": False},
}
# Seconds each notebook took (open, run all, move a control): printed at the end of the session.
TIMES = {}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_settings(settings_dir, locale=None):
    settings = dict(SETTINGS)
    if locale:
        settings["@jupyterlab/translation-extension/plugin"] = {"locale": locale}
    for plugin, values in settings.items():
        path = settings_dir / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values, indent=2))


def start_lab(workdir, settings_dir, locale=None):
    port = free_port()
    write_settings(settings_dir, locale)
    log = open(workdir.parent / f"lab-{locale or 'en'}-{port}.log", "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "jupyter", "lab", "--no-browser", f"--port={port}", "--ip=127.0.0.1",
         f"--ServerApp.token={TOKEN}", f"--ServerApp.root_dir={workdir}", "--LabApp.expose_app_in_browser=True", "--allow-root",
         f"--LabApp.user_settings_dir={settings_dir}", f"--LabApp.workspaces_dir={settings_dir / 'workspaces'}",
         "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"],
        stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "RESNET_LESSONS_DEVICE": "cpu"})
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 120  # a loaded 2-core machine can take a minute to import JupyterLab
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"{url}/api/status?token={TOKEN}", timeout=5)
            return proc, url
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError(f"jupyter lab exited: see {log.name}")
            time.sleep(0.5)
    stop_lab(proc)
    raise RuntimeError(f"jupyter lab did not start in 120 s: see {log.name}")


def stop_lab(proc):
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


def shutdown_kernels(url):
    """Shut down every kernel of a server (the last notebook's kernel must not eat CPU nor memory)."""
    request = urllib.request.Request(f"{url}/api/sessions?token={TOKEN}")
    for session in json.load(urllib.request.urlopen(request, timeout=30)):
        urllib.request.urlopen(urllib.request.Request(
            f"{url}/api/sessions/{session['id']}?token={TOKEN}", method="DELETE"), timeout=60)


@pytest.fixture(scope="session")
def workdir():
    """A fresh copy of the notebooks (the browser edits a copy, never the lessons) and an empty screenshots folder."""
    notebooks = BUILD / "notebooks"
    for old in [notebooks, BUILD / "screenshots", BUILD / "settings-en", BUILD / "settings-zh", *BUILD.glob("lab-*.log")]:
        if old.is_dir():
            shutil.rmtree(old)
        elif old.exists():
            old.unlink()
    shutil.copytree(ROOT / "notebooks", notebooks)
    (BUILD / "screenshots").mkdir(parents=True)
    return notebooks


@pytest.fixture(scope="session")
def lab(workdir):
    proc, url = start_lab(workdir, BUILD / "settings-en")
    yield url
    stop_lab(proc)


@pytest.fixture(scope="session")
def lab_zh(workdir):
    proc, url = start_lab(workdir, BUILD / "settings-zh", locale="zh_CN")
    yield url
    stop_lab(proc)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"no chromium at {CHROMIUM}: run `make browser-setup` (Debian's chromium), or set CHROMIUM=/path/to/it")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def pytest_terminal_summary(terminalreporter):
    if not TIMES:
        return
    write = terminalreporter.write_line
    terminalreporter.section("browser test: seconds per notebook")
    write(f"{'notebook':<32}{'open':>7}{'run all':>9}{'control':>9}{'total':>8}")
    for name, t in TIMES.items():
        write(f"{name:<32}{t.get('open', 0):>7.0f}{t.get('run', 0):>9.0f}{t.get('control', 0):>9.0f}"
              f"{t.get('total', 0):>8.0f}")
    write(f"{'all notebooks':<32}{'':>25}{sum(t.get('total', 0) for t in TIMES.values()):>8.0f}")
