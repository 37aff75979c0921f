"""Browser tests: the real server (`workshop serve` on a free port) and Playwright on Chromium."""

import datetime
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WORKSHOP = shutil.which("workshop") or str(Path(sys.executable).parent / "workshop")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """`workshop serve` in a subprocess with its own store and instance folder."""

    def __init__(self, tmp_path):
        self.restarts = 0  # pages of a test that restarted the server see it go away
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = dict(os.environ)
        self.env.update(
            WORKSHOP_DATABASE=str(tmp_path / "sessions.db"),
            WORKSHOP_INSTANCE_PATH=str(tmp_path / "instance"),
            WORKSHOP_LAN_ADDRESSES=json.dumps(["127.0.0.1"]),
        )
        self.log = open(tmp_path / f"server-{self.port}.log", "w+")  # noqa: SIM115 (closed in stop)
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                WORKSHOP,
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--max-clients",
                "50",
            ],
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: halt() ends master and worker
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited:\n{self.output()}")
            try:
                if requests.get(self.url + "/healthz", timeout=1).status_code == 200:
                    return self
            except requests.RequestException:
                time.sleep(0.1)
        raise RuntimeError(f"server did not start:\n{self.output()}")

    def output(self):
        self.log.flush()
        self.log.seek(0)
        return self.log.read()

    def cli(self, *args, input=None):
        """Run `workshop ...` against this server's store."""
        result = subprocess.run(
            [WORKSHOP, *args],
            env=self.env,
            capture_output=True,
            text=True,
            input=input,
            timeout=60,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    def token(self, username, password):
        response = requests.post(
            self.url + "/api/v1/auth/token",
            json={"username": username, "password": password},
            timeout=5,
        )
        response.raise_for_status()
        return response.json()["token"]

    def facilitator_workshop(self, password, username="sari", title="Bimtek Kota Bogor"):
        """A facilitator account and a workshop starting today: (workshop, bearer token)."""
        self.cli("facilitator", "add", username, "--password", password)
        token = self.token(username, password)
        workshop = self.api(
            "POST",
            "/workshops",
            token,
            json={
                "title": title,
                "city": "Kota Bogor",
                "starts_on": datetime.date.today().isoformat(),
            },
        )
        assert workshop.status_code == 201, workshop.text
        return workshop.json(), token

    def open_ideas_session(self, workshop, token):
        """The workshop's first proposals session, opened for proposals."""
        sessions = self.api("GET", f"/workshops/{workshop['id']}/sessions", token).json()["items"]
        session = next(s for s in sessions if s["kind"] == "ideas")
        opened = self.api("PATCH", f"/sessions/{session['id']}", token, json={"status": "open"})
        assert opened.status_code == 200, opened.text
        return session

    def api(self, method, path, token, **kwargs):
        return requests.request(
            method,
            self.url + "/api/v1" + path,
            headers={"Authorization": f"Bearer {token}"} if token else {},
            timeout=10,
            **kwargs,
        )

    def halt(self, sig=None):
        """End the server process (SIGTERM, or e.g. SIGKILL to simulate a crash)."""
        if self.process and self.process.poll() is None:
            group = os.getpgid(self.process.pid)
            os.killpg(group, sig or signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(group, signal.SIGKILL)
                self.process.wait()
            # The worker may outlive the master by a moment; wait until the group is gone.
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                try:
                    os.killpg(group, 0)
                except ProcessLookupError:
                    break
                time.sleep(0.05)

    def restart(self, sig=None):
        """Stop and start again on the same port and store (clients must recover)."""
        self.restarts += 1
        self.halt(sig)
        return self.start()

    def stop(self):
        self.halt()
        self.log.close()


@pytest.fixture
def server(tmp_path):
    live = LiveServer(tmp_path).start()
    yield live
    live.stop()


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        message = f"{CHROMIUM} is missing: apt-get install -y chromium (bash .ci/run does)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def new_page(browser, request):
    """Factory: a page in a fresh browser context (a separate person/device)."""
    contexts, problems = [], []

    def make(**context_args):
        context = browser.new_context(**context_args)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.on(
            "console",
            lambda msg: problems.append(msg.text) if msg.type == "error" else None,
        )
        page.on("pageerror", lambda exc: problems.append(str(exc)))
        return page

    yield make
    if request.node.rep_call.failed if hasattr(request.node, "rep_call") else False:
        ARTIFACTS.mkdir(exist_ok=True)
        for i, context in enumerate(contexts):
            for j, page in enumerate(context.pages):
                page.screenshot(path=str(ARTIFACTS / f"{request.node.name}-{i}-{j}.png"))
    for context in contexts:
        context.close()
    # CSP violations ("Refused to ...") and script errors show up here: none are acceptable.
    # Pages answered with 4xx on purpose (a wrong password is a 401) are logged too; skip those.
    # A test that restarts the server sees connections refused while it is down, and (only
    # such a test) one cut by the stopping server: a request in flight when it went away.
    server = request.node.funcargs.get("server")
    restarted = getattr(server, "restarts", 0) > 0
    real = [
        p
        for p in problems
        if "net::ERR_INTERNET_DISCONNECTED" not in p
        and "net::ERR_CONNECTION_REFUSED" not in p
        and not (restarted and "net::ERR_CONNECTION_RESET" in p)
        and not p.startswith("Failed to load resource: the server responded with a status of 4")
    ]
    assert real == [], real


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.rep_call = report
    return report
