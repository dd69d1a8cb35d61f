"""Browser end-to-end harness (helpers; fixtures in conftest.py): JupyterLab servers, Chromium, axe-core.

JupyterLab runs on a free loopback port with a token, in a temporary HOME with its own
JUPYTER_CONFIG_DIR, JUPYTER_DATA_DIR, JUPYTERLAB_SETTINGS_DIR and JUPYTERLAB_WORKSPACES_DIR.
The environment-level configuration (sys.prefix) is the one `make setup` / binder/postBuild
installed, so the tests see what students see. Chromium is Debian's (/usr/bin/chromium),
driven by Playwright for Python; no browser is ever downloaded.

Run them alone with `make e2e` (or `pytest -m e2e`). Screenshots of every step land in
`tests/e2e/output/<test name>/` (ignored by git).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = Path(__file__).resolve().parent / "output"
CHROMIUM = os.environ.get("CASEKIT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
    "--disable-dev-shm-usage",
]
FORMATEUR_CONFIG = ROOT / "binder" / "lab" / "formateur"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Lab:
    """A running JupyterLab server."""

    url: str
    token: str
    root_dir: Path
    home: Path
    env: dict
    log: Path
    proc: subprocess.Popen = field(repr=False)

    def lab_url(self, path: str = "") -> str:
        tree = f"/tree/{path}" if path else ""
        return f"{self.url}lab{tree}?token={self.token}&reset"

    def api(self, path: str) -> dict | list:
        req = urllib.request.Request(f"{self.url}{path}", headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(req, timeout=30) as r:
            return json.loads(r.read())

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def start_lab(
    tmp: Path, root_dir: Path, *, config_path: Path | None = None, extra_env: dict | None = None,
    python: str = sys.executable,
) -> Lab:
    """Start `jupyter lab` isolated in `tmp` (a fresh HOME) and wait until it answers."""
    home = tmp / "home"
    for sub in ("config", "data", "settings", "workspaces", "runtime"):
        (home / sub).mkdir(parents=True, exist_ok=True)
    port, token = _free_port(), os.urandom(16).hex()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "PYTEST_"))}
    env.update(
        HOME=str(home),
        JUPYTER_CONFIG_DIR=str(home / "config"),
        JUPYTER_DATA_DIR=str(home / "data"),
        JUPYTER_RUNTIME_DIR=str(home / "runtime"),
        JUPYTERLAB_SETTINGS_DIR=str(home / "settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"),
        JUPYTER_PLATFORM_DIRS="1",
        PYTHONPATH=os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p),
        LANG="C.UTF-8",
    )
    if config_path is not None:
        env["JUPYTER_CONFIG_PATH"] = str(config_path)
    env.update(extra_env or {})
    # Harness only: never ask about news, whatever the environment's overrides say.
    notif = home / "settings" / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    notif.parent.mkdir(parents=True, exist_ok=True)
    notif.write_text(json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    # Render every cell (no windowing), so the DOM that screenshots and axe-core see is complete.
    tracker = home / "settings" / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings"
    tracker.parent.mkdir(parents=True, exist_ok=True)
    tracker.write_text(json.dumps({"windowingMode": "none"}))
    cmd = [
        python, "-m", "jupyterlab",
        "--no-browser", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root_dir}", "--LabApp.expose_app_in_browser=True",
        "--ServerApp.disable_check_xsrf=False", "--LanguageServerManager.autodetect=False",
    ]
    if os.geteuid() == 0:
        cmd.append("--allow-root")
    log = tmp / "jupyterlab.log"
    proc = subprocess.Popen(cmd, cwd=root_dir, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    lab = Lab(f"http://127.0.0.1:{port}/", token, root_dir, home, env, log, proc)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"JupyterLab exited:\n{lab.log_text()}")
        try:
            lab.api("api/status")
            return lab
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError(f"JupyterLab did not answer in 90 s:\n{lab.log_text()}")


def stop_lab(lab: Lab) -> None:
    lab.proc.terminate()
    try:
        lab.proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        lab.proc.kill()
        lab.proc.wait()


def copy_notebooks(dest: Path) -> Path:
    """A scratch copy of notebooks/ so autosave never touches the committed files."""
    shutil.copytree(ROOT / "notebooks", dest / "notebooks", ignore=shutil.ignore_patterns("_src", ".ipynb_checkpoints"))
    return dest


class Shots:
    """Numbered screenshots of each step, under tests/e2e/output/<test>/."""

    def __init__(self, page, folder: Path):
        self.page, self.folder, self.n = page, folder, 0
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)

    def __call__(self, step: str, *, full_page: bool = False) -> Path:
        self.n += 1
        path = self.folder / f"{self.n:02d}-{re.sub(r'[^a-z0-9]+', '-', step.lower()).strip('-')}.png"
        self.page.screenshot(path=str(path), full_page=full_page)
        return path


@dataclass
class Session:
    page: object
    shot: Shots
    console: list


# ---------------------------------------------------------------- page helpers

def open_lab(session: Session, lab: Lab, path: str = "") -> None:
    """Load JupyterLab (optionally on a document) and wait until it is restored."""
    page = session.page
    page.goto(lab.lab_url(path))
    page.wait_for_function("() => window.jupyterapp !== undefined", timeout=60_000)
    page.evaluate("() => window.jupyterapp.restored")
    dismiss_news(page)


SHARED_MODULE_WARNING = re.compile(r"Unsatisfied version|shared (singleton )?module", re.I)


def shared_module_warnings(session: Session) -> list[str]:
    return [text for kind, text in session.console if SHARED_MODULE_WARNING.search(text)]


def dismiss_news(page) -> None:
    """Answer « No » to the "Jupyter news" toast if it shows up."""
    for label in ("Non", "No"):
        button = page.locator(".Toastify__toast button", has_text=re.compile(rf"^{label}$"))
        if button.count():
            button.first.click()


def plugins(page) -> dict:
    """Every registered plugin id -> activated?"""
    return page.evaluate(
        "() => Object.fromEntries(window.jupyterapp.listPlugins()"
        ".map(id => [id, window.jupyterapp.isPluginActivated(id)]))"
    )


def execute(page, command: str, args: dict | None = None):
    return page.evaluate("([c, a]) => window.jupyterapp.commands.execute(c, a)", [command, args or {}])


NOTEBOOK_JS = "window.jupyterapp.shell.currentWidget"


def wait_kernel_idle(page, timeout: float = 180, *, all_run: bool = False) -> None:
    """Wait until the current notebook's kernel is idle with nothing queued (and, with
    `all_run`, every code cell has an execution count, or one failed)."""
    page.wait_for_function(
        """(allRun) => {
          const p = window.jupyterapp.shell.currentWidget;
          if (!p || !p.sessionContext || !p.sessionContext.session) return false;
          const k = p.sessionContext.session.kernel;
          if (!k || k.status !== 'idle' || p.sessionContext.pendingInput) return false;
          const cells = p.content.widgets.filter(c => c.model.type === 'code');
          if (cells.some(c => c.promptNode && c.promptNode.textContent.includes('*'))) return false;
          if (!allRun) return true;
          // Done when every cell ran, or when a cell failed (Run All stops there).
          const failed = cells.some(c => c.model.outputs.toJSON().some(o => o.output_type === 'error'));
          return failed || cells.every(c => c.model.executionCount !== null);
        }""",
        arg=all_run,
        timeout=timeout * 1000,
    )


def cell_outputs(page) -> list[list[dict]]:
    """The outputs of every code cell of the current notebook (nbformat JSON)."""
    return page.evaluate(
        "() => window.jupyterapp.shell.currentWidget.content.widgets"
        ".filter(c => c.model.type === 'code').map(c => c.model.outputs.toJSON())"
    )


def error_outputs(page) -> list[str]:
    """Every error or stderr output of the current notebook, as the page shows it."""
    shown = page.evaluate(
        """() => [...window.jupyterapp.shell.currentWidget.node.querySelectorAll(
             '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"],'
             + '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.error"]'
           )].map(e => e.textContent.slice(0, 2000))"""
    )
    model = [
        (o.get("ename", "") + " " + o.get("evalue", "")) if o["output_type"] == "error" else "".join(o.get("text", ""))
        for outs in cell_outputs(page)
        for o in outs
        if o["output_type"] == "error" or (o["output_type"] == "stream" and o.get("name") == "stderr")
    ]
    return shown + [m for m in model if m[:2000] not in shown]


# ---------------------------------------------------------------- accessibility (axe-core)

AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
#: Rules that must hold on our content whatever impact axe gives them.
REQUIRED_RULES = {"heading-order", "image-alt", "color-contrast", "empty-table-header", "empty-heading"}


def axe(page, context: dict | str | None = None) -> list[dict]:
    """axe-core violations in `context` (an axe context object), each with its nodes' targets."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: `make e2e-setup` installs axe-core (npm ci --prefix tests/e2e)")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async (ctx) => {
          const r = await axe.run(ctx || document, {resultTypes: ['violations'],
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}});
          return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html.slice(0, 300),
                                     summary: (n.failureSummary || '').slice(0, 300)}))}));
        }""",
        context,
    )


def blocking(violations: list[dict]) -> list[dict]:
    """The violations that fail a test: serious or critical, or one of REQUIRED_RULES."""
    return [v for v in violations if v["impact"] in ("serious", "critical") or v["id"] in REQUIRED_RULES]


def report(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({len(v['nodes'])} nodes)")
        lines += [f"    {n['target']}  {n['html'][:160]}" for n in v["nodes"][:8]]
    return "\n".join(lines)
