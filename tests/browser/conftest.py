"""Fixtures for the browser tests: a throw-away JupyterLab and a headless Debian Chromium.

The session starts JupyterLab on a free loopback port with its own config, settings,
runtime and workspaces dirs, serving COPIES of the notebooks with outputs stripped (stored
widget state would render stale widgets), and drives it with Playwright in a Chromium or
Chrome found by `find_browser`: the path in $COURSE_BROWSER, else the system's Chromium or
Chrome, else Playwright's own browser (`python -m playwright install chromium`; its download
does not work on this project's build machine, which uses Debian's /usr/bin/chromium).

Without Chromium or Playwright the tests skip, except under CI (CI=true), which installs
both: there a missing one is a failure, not a silent skip.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest
from lab_driver import LabNotebook

REPO = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
BROWSER_ENV = "COURSE_BROWSER"
SYSTEM_BROWSERS = [
    "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome",
    "/usr/bin/google-chrome-stable", "/snap/bin/chromium",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "C:/Program Files/Google/Chrome/Application/chrome.exe",
    "C:/Program Files (x86)/Google/Chrome/Application/chrome.exe",
]
ARTIFACTS = REPO / "test-artifacts" / "browser"
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
# User settings that keep JupyterLab's pop-ups out of the way of a scripted learner.
LAB_SETTINGS = {
    # No random "Select Kernel" dialog; every cell in the DOM (not only the visible ones).
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings":
        {"autoStartDefaultKernel": True, "windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings":
        {"fetchNews": "false", "checkForUpdates": False},
}
SERVER_START_TIMEOUT_S = 90

# The fixture notebooks are test data for the harness, never tests of their own (nbval).
collect_ignore_glob = ["fixtures/*"]


def pytest_collection_modifyitems(items):
    """Run the tests of one notebook back to back, so its page (and kernel) is reused."""
    positions = [i for i, item in enumerate(items) if _notebook_of(item)]
    first_seen = {}
    for i in positions:
        first_seen.setdefault(_notebook_of(items[i]), len(first_seen))
    ordered = sorted((items[i] for i in positions), key=lambda it: first_seen[_notebook_of(it)])
    for i, item in zip(positions, ordered):
        items[i] = item


def _notebook_of(item):
    callspec = getattr(item, "callspec", None)
    return callspec.params.get("notebook") if callspec and item.get_closest_marker("browser") \
        else None


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() not in ("", "0", "false", "no")


def _playwright_browser() -> Path | None:
    """Playwright's own Chromium, when `playwright install chromium` has put one in place."""
    try:
        from playwright.sync_api import sync_playwright
        with sync_playwright() as playwright:
            path = Path(playwright.chromium.executable_path)
    except Exception:   # playwright missing or its driver unable to start: no browser here
        return None
    return path if path.exists() else None


def find_browser() -> tuple[Path | None, str]:
    """(the Chromium/Chrome to drive, or None; where it came from or why there is none)."""
    chosen = os.environ.get(BROWSER_ENV)
    if chosen:
        path = Path(chosen)
        return (path, f"${BROWSER_ENV}") if path.exists() else (
            None, f"${BROWSER_ENV}={chosen} does not exist")
    for candidate in SYSTEM_BROWSERS:
        if Path(candidate).exists():
            return Path(candidate), "the system's browser"
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        if shutil.which(name):
            return Path(shutil.which(name)), "the PATH"
    path = _playwright_browser()
    if path:
        return path, "Playwright's own browser"
    return None, (f"no Chromium or Chrome found: set {BROWSER_ENV} to one, install one "
                  "(Debian: apt-get install chromium fonts-dejavu-core), or run "
                  "`python -m playwright install chromium`")


def _browser_missing() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as error:
        return f"playwright is not importable ({error}); pip install -e '.[dev]'"
    path, why = find_browser()
    return None if path else why


@pytest.fixture(scope="session")
def browser_available():
    missing = _browser_missing()
    if missing and _in_ci():
        pytest.fail(f"CI must run the browser tests, but {missing}", pytrace=False)
    if missing:
        pytest.skip(missing)


# ---------------------------------------------------------------------- the notebooks served


def strip_outputs(path: Path):
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    notebook.metadata.pop("widgets", None)
    nbformat.write(notebook, path)


@pytest.fixture(scope="session")
def served_root(tmp_path_factory):
    """lessons/ (every file, so relative paths still work) and the harness's own notebooks,
    copied, outputs stripped. Tests name notebooks by their path in here."""
    root = tmp_path_factory.mktemp("lab-root")
    ignore = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__")
    if (REPO / "lessons").is_dir():
        shutil.copytree(REPO / "lessons", root / "lessons", ignore=ignore)
    (root / "harness").mkdir()
    for notebook in (HERE / "fixtures").glob("*.ipynb"):
        shutil.copy(notebook, root / "harness" / notebook.name)
    for notebook in root.rglob("*.ipynb"):
        strip_outputs(notebook)
    return root


def source_notebook(path_in_root: str) -> Path:
    """The repository file a served notebook was copied from."""
    top, _, rest = path_in_root.partition("/")
    return (HERE / "fixtures" / rest) if top == "harness" else (REPO / path_in_root)


# ---------------------------------------------------------------------- JupyterLab


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get_json(url: str, timeout: float = 5):
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return json.loads(response.read() or b"null")


class LabServer:
    def __init__(self, root: Path, home: Path):
        self.root, self.home = root, home
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = home / "jupyterlab.log"
        self.process = None

    def environment(self) -> dict:
        env = dict(os.environ)
        for name, sub in (("JUPYTER_CONFIG_DIR", "config"), ("JUPYTER_RUNTIME_DIR", "runtime"),
                          ("JUPYTERLAB_SETTINGS_DIR", "settings"),
                          ("JUPYTERLAB_WORKSPACES_DIR", "workspaces"), ("IPYTHONDIR", "ipython")):
            env[name] = str(self.home / sub)
            (self.home / sub).mkdir(parents=True, exist_ok=True)
        # The kernel imports this working tree's `course`, installed or not.
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
        # A learner has no MPLBACKEND; a CI's Agg would hide plots from lessons.
        env.pop("MPLBACKEND", None)
        return env

    def write_settings(self):
        for relative, values in LAB_SETTINGS.items():
            path = self.home / "settings" / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values))

    def start(self):
        self.write_settings()
        command = [
            sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={self.port}",
            "--ip=127.0.0.1", "--IdentityProvider.token=", "--ServerApp.password=",
            "--allow-root", f"--ServerApp.root_dir={self.root}",
            "--ServerApp.port_retries=0", "--ServerApp.terminals_enabled=False",
            # Loopback, no token, throw-away: let the fixture DELETE sessions without a cookie.
            "--ServerApp.disable_check_xsrf=True",
        ]
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(command, env=self.environment(), stdout=log,
                                            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                            cwd=self.root)
        deadline = time.monotonic() + SERVER_START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"JupyterLab exited with {self.process.returncode}:\n"
                                   + self.log_tail())
            try:
                _get_json(f"{self.url}/api/status", timeout=2)
                return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"JupyterLab did not answer in {SERVER_START_TIMEOUT_S} s:\n"
                           + self.log_tail())

    def shut_down_kernels(self):
        """Ask the server to end every session's kernel (a kernel per notebook opened)."""
        try:
            sessions = _get_json(f"{self.url}/api/sessions")
        except OSError:
            return
        for session in sessions or []:
            request = urllib.request.Request(f"{self.url}/api/sessions/{session['id']}",
                                             method="DELETE")
            try:
                urllib.request.urlopen(request, timeout=10).close()
            except OSError:
                pass

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        self.shut_down_kernels()
        self.process.send_signal(signal.SIGTERM)  # SIGINT sometimes exits -2
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def log_tail(self, chars: int = 4000) -> str:
        return self.log_path.read_text(errors="replace")[-chars:]


@pytest.fixture(scope="session")
def lab_server(browser_available, served_root, tmp_path_factory):
    server = LabServer(served_root, tmp_path_factory.mktemp("lab-home"))
    server.start()
    yield server
    server.stop()


# ---------------------------------------------------------------------- Chromium


@pytest.fixture(scope="session")
def browser_context(browser_available, tmp_path_factory):
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=str(find_browser()[0]), args=CHROMIUM_FLAGS,
            viewport={"width": 1280, "height": 900}, device_scale_factor=1)
        context.set_default_timeout(60_000)
        yield context
        context.close()
    finally:
        playwright.stop()


class NotebookRuns:
    """Opens a served notebook in a fresh page and runs all its cells, once: the tests of
    one notebook share the run (tests are ordered so they come back to back)."""

    def __init__(self, context, server: LabServer):
        self.context, self.server = context, server
        self.current = None  # (path, LabNotebook)
        self.count = 0

    def run(self, path: str) -> LabNotebook:
        if self.current and self.current[0] == path:
            return self.current[1]
        self.close_current()
        self.count += 1
        notebook = LabNotebook(self.context.new_page(), self.server.url, path,
                               stored=nbformat.read(source_notebook(path), as_version=4))
        notebook.open(workspace=f"run{self.count}")
        notebook.run_all_and_wait(
            timeout_s=float(os.environ.get("BROWSER_RUN_TIMEOUT_S", "180")))
        self.current = (path, notebook)
        return notebook

    def close_current(self):
        if self.current:
            self.current[1].page.close()
            self.server.shut_down_kernels()  # an idle kernel per old notebook adds up
            self.current = None


@pytest.fixture(scope="session")
def notebook_runs(lab_server, browser_context):
    runs = NotebookRuns(browser_context, lab_server)
    yield runs
    runs.close_current()


@pytest.fixture(scope="session")
def artifacts_dir():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
