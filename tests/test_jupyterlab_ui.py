"""The visualization chapter in a real JupyterLab: open it, Run > Run All Cells, and no cell may
show an error; the seven figures and the interactive explorer must appear.

A JupyterLab server is started on a free loopback port with a random token, with the repository
root as working directory and every Jupyter config, data, runtime, settings and workspace folder
in a temporary directory. Autosave is switched off and the notebook is never saved, so the
committed notebook is not modified (checked byte for byte at the end). The browser is headless
Debian Chromium; requests to anything but the local server are aborted. Skipped with a message
where ``/usr/bin/chromium`` is absent.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = "notebooks/05-visualizations.ipynb"
RUN_TIMEOUT_MS = 600_000


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A running JupyterLab: yields its base URL and token; stopped (and checked) afterwards."""
    if not CHROMIUM.exists():
        pytest.skip(
            "browser test skipped: /usr/bin/chromium is absent "
            "(install Debian's chromium: apt-get install -y chromium)"
        )
    tmp = tmp_path_factory.mktemp("jupyter")
    settings = tmp / "settings"
    docmanager = settings / "@jupyterlab" / "docmanager-extension"
    docmanager.mkdir(parents=True)
    (docmanager / "plugin.jupyterlab-settings").write_text(json.dumps({"autosave": False}))
    tracker = settings / "@jupyterlab" / "notebook-extension"
    tracker.mkdir(parents=True)  # render every cell (no virtual scrolling): all outputs are checked
    (tracker / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
    env = dict(os.environ)
    env.update(
        JUPYTER_CONFIG_DIR=str(tmp / "config"),
        JUPYTER_DATA_DIR=str(tmp / "data"),
        JUPYTER_RUNTIME_DIR=str(tmp / "runtime"),
        JUPYTERLAB_SETTINGS_DIR=str(settings),
        JUPYTERLAB_WORKSPACES_DIR=str(tmp / "workspaces"),
        MPLBACKEND="Agg",
        PYTHONHASHSEED="0",
    )
    port, token = _free_port(), secrets.token_hex(16)
    committed = (ROOT / NOTEBOOK).read_bytes()
    checkpoints = ROOT / "notebooks" / ".ipynb_checkpoints"
    checkpoint = checkpoints / f"{Path(NOTEBOOK).stem}-checkpoint.ipynb"
    had_checkpoint, had_checkpoints = checkpoint.exists(), checkpoints.exists()
    log = (tmp / "lab.log").open("w")
    proc = subprocess.Popen(
        [
            sys.executable, "-m", "jupyter", "lab", "--no-browser", f"--port={port}",
            f"--ServerApp.token={token}", "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.root_dir={ROOT}", "--ServerApp.open_browser=False",
            "--LabApp.news_url=", "--ServerApp.port_retries=0",
        ]
        + (["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []),
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    log.flush()
                    pytest.fail(
                        "JupyterLab did not start: "
                        + (tmp / "lab.log").read_text()[-800:].replace("\n", " | ")
                    )
                time.sleep(0.5)
        yield {"base": base, "token": token}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        log.close()
        if not had_checkpoint and checkpoint.exists():  # JupyterLab's checkpoint of our visit
            checkpoint.unlink()
        if not had_checkpoints and checkpoints.is_dir() and not any(checkpoints.iterdir()):
            checkpoints.rmdir()
        if (ROOT / NOTEBOOK).read_bytes() != committed:  # never leave the notebook modified
            (ROOT / NOTEBOOK).write_bytes(committed)
            pytest.fail(f"{NOTEBOOK} was modified by the UI test (restored)")


def _wait_for_kernel(lab, timeout: float = 120) -> None:
    """Until the notebook's kernel is idle according to the server (not only the page)."""
    url = f"{lab['base']}/api/sessions?token={lab['token']}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with urllib.request.urlopen(url, timeout=5) as response:
            sessions = json.load(response)
        if any(
            s["path"] == NOTEBOOK and s["kernel"]["execution_state"] == "idle" for s in sessions
        ):
            return
        time.sleep(0.5)
    pytest.fail(f"the kernel of {NOTEBOOK} did not start within {timeout:.0f} s: {sessions}")


def test_run_all_cells_of_the_visualization_chapter_shows_no_error(lab):
    from playwright.sync_api import sync_playwright

    outside = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[*CHROMIUM_ARGS, "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"],
        )
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()

        # Intercepting requests (page.route) stops JupyterLab from starting its kernel, so the
        # network is cut by the browser's resolver instead, and every request is recorded.
        page.on(
            "request",
            lambda req: (
                None
                if req.url.startswith((lab["base"], "ws://127.0.0.1", "data:", "blob:"))
                else outside.append(req.url)
            ),
        )
        try:
            page.goto(f"{lab['base']}/lab/tree/{NOTEBOOK}?token={lab['token']}")
            page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=120_000)
            idle = ".jp-NotebookPanel .jp-Notebook-ExecutionIndicator[data-status='idle']"
            page.wait_for_selector(idle, timeout=120_000)
            page.wait_for_function(
                """() => { const k = document.querySelector('.jp-NotebookPanel .jp-Toolbar-kernelName');
                           return k && !/No Kernel/.test(k.textContent); }""",
                timeout=120_000,
            )  # the kernel is attached
            _wait_for_kernel(lab)
            page.click(".lm-MenuBar-itemLabel:text-is('Edit')")
            page.click(".lm-Menu-itemLabel:text-is('Clear Outputs of All Cells')")
            page.wait_for_function(
                "() => !document.querySelector('.jp-NotebookPanel .jp-OutputArea-output')"
            )  # so that a numbered prompt below means "ran now"
            page.click(".lm-MenuBar-itemLabel:text-is('Run')")
            page.click(".lm-Menu-itemLabel:text-is('Run All Cells')")
            # every code cell gets an execution number: none left waiting ([ ]) or running ([*])
            page.wait_for_function(
                """() => {
                    const cells = document.querySelectorAll('.jp-NotebookPanel .jp-CodeCell');
                    if (!cells.length) return false;
                    return Array.from(cells).every(c => {
                        const p = c.querySelector('.jp-InputPrompt');
                        return p && /\\[\\d+\\]/.test(p.textContent);
                    });
                }""",
                timeout=RUN_TIMEOUT_MS,
            )
            page.wait_for_selector(idle, timeout=RUN_TIMEOUT_MS)
            _wait_for_kernel(lab)  # the server agrees: the kernel is idle
            errors = page.evaluate(
                """() => Array.from(document.querySelectorAll(
                        '.jp-NotebookPanel .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'))
                    .map(e => e.textContent)
                    .filter(t => /Traceback|Error|Exception/.test(t))
                    .map(t => t.slice(0, 300))"""
            )
            figures = page.locator(".jp-NotebookPanel .jp-RenderedImage img").count()
            # the explorer: a live widget (its speaker menu), not the static fallback
            page.locator(
                ".jp-NotebookPanel .widget-dropdown select"
            ).first.scroll_into_view_if_needed()
            has_widget = page.locator(".jp-NotebookPanel .widget-dropdown select").count()
            options = page.locator(".jp-NotebookPanel .widget-dropdown select option").count()
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "jupyterlab-05-explorer.png"))
        except BaseException:  # pytest.fail too: keep a picture of what went wrong
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "jupyterlab-failure.png"))
            raise
        finally:
            context.close()
            browser.close()
    assert not errors, f"cells show errors: {errors}"
    assert figures >= 7, f"only {figures} figures were drawn"
    assert has_widget == 1 and options >= 2, "the interactive explorer did not appear"
    assert not outside, f"JupyterLab asked the network for {outside[:5]}"
