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
                 "--disable-sync", "--no-first-run", "--disable-quic"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_lab(workdir, settings_dir, locale=None):
    port = free_port()
    if locale:
        plugin = settings_dir / "@jupyterlab" / "translation-extension"
        plugin.mkdir(parents=True, exist_ok=True)
        (plugin / "plugin.jupyterlab-settings").write_text(json.dumps({"locale": locale}))
    log = open(workdir.parent / f"lab-{port}.log", "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "jupyter", "lab", "--no-browser", f"--port={port}", "--ip=127.0.0.1",
         f"--ServerApp.token={TOKEN}", f"--ServerApp.root_dir={workdir}", "--LabApp.expose_app_in_browser=True", "--allow-root",
         f"--LabApp.user_settings_dir={settings_dir}", f"--LabApp.workspaces_dir={settings_dir / 'workspaces'}"],
        stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "RESNET_LESSONS_DEVICE": "cpu"})
    url = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            urllib.request.urlopen(f"{url}/api/status?token={TOKEN}", timeout=2)
            return proc, url
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError(f"jupyter lab exited: see {log.name}")
            time.sleep(0.5)
    proc.terminate()
    raise RuntimeError("jupyter lab did not start in 60 s")


@pytest.fixture(scope="session")
def workdir():
    notebooks = BUILD / "notebooks"
    shutil.rmtree(BUILD, ignore_errors=True)
    shutil.copytree(ROOT / "notebooks", notebooks)  # the browser edits a copy, never the lessons
    (BUILD / "screenshots").mkdir(parents=True)
    return notebooks


@pytest.fixture(scope="session")
def lab(workdir):
    proc, url = start_lab(workdir, BUILD / "settings-en")
    yield url
    proc.terminate()
    proc.wait(timeout=20)


@pytest.fixture(scope="session")
def lab_zh(workdir):
    proc, url = start_lab(workdir, BUILD / "settings-zh", locale="zh_CN")
    yield url
    proc.terminate()
    proc.wait(timeout=20)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
