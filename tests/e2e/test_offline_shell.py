"""The participant pages as an offline shell (issue 16 item 2): a Wi-Fi drop plus a reload opens
the page kept on the phone, with the last wall and agenda and a notice saying so; a proposal
made then waits in the outbox and reaches the server exactly once when the network returns.
A new server version makes the phones drop their cached scripts and styles."""

import subprocess
import time
from pathlib import Path

import pytest
import requests
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, WORKSHOP, LiveServer
from tests.e2e.test_live import PASSWORD

SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "offline-shell"
PHONE = {"viewport": {"width": 390, "height": 844}}
SMALL_PHONE = {"viewport": {"width": 360, "height": 640}}


@pytest.fixture
def hall(server):
    """A workshop starting today with an open proposals session that already has a proposal."""
    workshop, token = server.facilitator_workshop(PASSWORD)
    session = server.open_ideas_session(workshop, token)
    opds = server.api("GET", f"/workshops/{workshop['id']}/opds", token).json()["items"]
    posted = server.api(
        "POST",
        f"/sessions/{session['id']}/ideas",
        token,
        json={"title": "Satu data kota", "dimension": "governance"},
    )
    assert posted.status_code == 201, posted.text
    return {
        "server": server,
        "token": token,
        "workshop": workshop,
        "session": session,
        "opd": {o["code"]: o["id"] for o in opds},
    }


def phone(hall, new_page, name="Rina", **size):
    """A phone that joined (POST /api/v1/join) and carries the device cookie."""
    server = hall["server"]
    joined = requests.post(
        server.url + "/api/v1/join",
        json={"code": hall["workshop"]["code"], "name": name, "opd_id": hall["opd"]["Bappeda"]},
        timeout=10,
    )
    assert joined.status_code == 201, joined.text
    page = new_page(**(size or PHONE))
    page.context.add_cookies(
        [{"name": "rembuk_device", "value": joined.json()["token"], "url": server.url}]
    )
    return page


def controlled(page):
    """Wait until the service worker controls the page (it claims open pages on activation)."""
    page.wait_for_function("() => !!(navigator.serviceWorker || {}).controller")


def until(read, ready, timeout=20):
    """Read again until `ready(value)` (a wait for the browser's background work, not an
    assertion: the caller asserts on the value); the last value after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    value = read()
    while not ready(value) and time.monotonic() < deadline:
        time.sleep(0.1)
        value = read()
    return value


def wait_kept(page, *paths):
    """Wait until the worker has kept these pages (it saves them just after answering)."""
    script = (
        "paths => caches.open('rembuk-state-v1').then(c => Promise.all("
        "paths.map(p => c.match(p, {ignoreVary: true})))).then(rs => rs.every(Boolean))"
    )
    assert until(lambda: page.evaluate(script, list(paths)), bool), paths


def cache_names(page):
    return page.evaluate("() => caches.keys()")


def ideas(hall):
    response = hall["server"].api("GET", f"/sessions/{hall['session']['id']}/ideas", hall["token"])
    assert response.status_code == 200
    return response.json()["items"]


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / name), full_page=False)


def test_offline_reload_shows_the_last_wall_and_agenda_and_sends_once(hall, new_page):
    server = hall["server"]
    session_url = f"{server.url}/w/s/{hall['session']['id']}"
    rina = phone(hall, new_page)
    rina.goto(server.url + "/w")
    expect(rina.locator("#conn-status")).to_have_text("Tersambung")
    controlled(rina)
    assert rina.locator('link[rel="manifest"]').count() == 1
    # Seen online once (the worker controls the page now, so this visit is kept).
    rina.reload()
    expect(rina.locator("#conn-status")).to_have_text("Tersambung")
    agenda_titles = rina.locator("#agenda .session .title").all_text_contents()
    assert agenda_titles
    rina.goto(session_url)
    expect(rina.locator("#conn-status")).to_have_text("Tersambung")
    expect(rina.locator("#proposal-wall .idea-card")).to_have_count(1)
    wait_kept(rina, "/w", f"/w/s/{hall['session']['id']}")

    rina.context.set_offline(True)
    rina.reload()
    expect(rina.locator("#proposal-wall .idea-card .idea-title")).to_have_text(["Satu data kota"])
    notice = rina.locator("#offline-notice")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("Luring — menampilkan yang terakhir dilihat perangkat ini pukul")
    shot(rina, "session-offline-390x844.png")

    rina.goto(server.url + "/w")
    expect(rina.locator("#agenda .session .title")).to_have_text(agenda_titles)
    expect(rina.locator("#offline-notice")).to_be_visible()
    shot(rina, "home-offline-390x844.png")

    # A page never opened on this phone: the offline page, not the browser's error page.
    rina.goto(f"{server.url}/w/p/999")
    expect(rina.get_by_role("heading", name="Tidak ada jaringan")).to_be_visible()
    shot(rina, "offline-page-390x844.png")

    # A proposal made on the kept page waits in the outbox…
    rina.goto(session_url)
    rina.get_by_label("Judul").fill("Bank sampah digital")
    rina.get_by_role("radio", name="Lingkungan Cerdas").check()
    rina.get_by_role("button", name="Kirim usulan").click()
    mine = rina.locator("#mine-list .idea-card")
    expect(mine.locator(".idea-state[data-state='waiting']")).to_have_count(1)
    expect(rina.locator("#conn-status")).to_have_text("Luring — 1 menunggu")
    waiting = rina.evaluate(
        "() => Object.keys(localStorage).filter(k => k.startsWith('rembuk:outbox:'))"
        ".flatMap(k => JSON.parse(localStorage.getItem(k)))"
    )
    assert [item["body"]["title"] for item in waiting] == ["Bank sampah digital"]
    assert len(ideas(hall)) == 1

    # …and reaches the server exactly once when the network returns.
    rina.context.set_offline(False)
    expect(mine.locator(".idea-state[data-state='sent']")).to_have_count(1, timeout=20_000)
    expect(rina.locator("#conn-status")).to_have_text("Tersambung", timeout=20_000)
    expect(rina.locator("#offline-notice")).to_be_hidden()
    rina.reload()
    expect(rina.locator("#conn-status")).to_have_text("Tersambung")
    expect(rina.locator("#proposal-wall .idea-card")).to_have_count(2)
    titles = sorted(i["title"] for i in ideas(hall))
    assert titles == ["Bank sampah digital", "Satu data kota"]


def test_the_small_phone_offline_and_leaving_forgets_everything(hall, new_page):
    server = hall["server"]
    rina = phone(hall, new_page, **SMALL_PHONE)
    rina.goto(server.url + "/w")
    controlled(rina)
    expect(rina.locator("#conn-status")).to_have_text("Tersambung")
    wait_kept(rina, "/w")  # the very first page opened on the phone is kept too
    rina.context.set_offline(True)
    rina.reload()
    expect(rina.locator("#offline-notice")).to_be_visible()
    shot(rina, "home-offline-360x640.png")
    rina.context.set_offline(False)
    rina.reload()
    expect(rina.locator("#conn-status")).to_have_text("Tersambung")
    assert any(name == "rembuk-state-v1" for name in cache_names(rina))

    rina.locator("#leave-device summary").click()
    shot(rina, "home-leave-360x640.png")
    rina.get_by_role("button", name="Ya, keluar dari perangkat ini").click()
    expect(rina).to_have_url(server.url + "/join")
    assert [c for c in rina.context.cookies() if c["name"] == "rembuk_device"] == []
    assert [n for n in cache_names(rina) if n.startswith("rembuk-")] == []
    assert rina.evaluate("() => navigator.serviceWorker.getRegistrations()") == []
    assert rina.evaluate("() => Object.keys(localStorage)") == []
    # Whoever picks the phone up next finds nothing kept: offline, /w is not there at all.
    rina.context.set_offline(True)
    with pytest.raises(PlaywrightError, match="ERR_INTERNET_DISCONNECTED"):
        rina.goto(server.url + "/w")


def test_another_person_on_the_same_browser_never_sees_the_first_ones_copies(hall, new_page):
    server = hall["server"]
    session_url = f"{server.url}/w/s/{hall['session']['id']}"
    rina = phone(hall, new_page)
    rina.goto(server.url + "/w")
    controlled(rina)
    rina.goto(session_url)
    expect(rina.locator("#conn-status")).to_have_text("Tersambung")
    # Dewi joins on this browser (as a link code or a shared phone would do it).
    dewi = requests.post(
        server.url + "/api/v1/join",
        json={"code": hall["workshop"]["code"], "name": "Dewi", "opd_id": hall["opd"]["Bappeda"]},
        timeout=10,
    ).json()["token"]
    rina.context.add_cookies([{"name": "rembuk_device", "value": dewi, "url": server.url}])
    rina.goto(server.url + "/w")
    expect(rina.locator(".participant-head")).to_contain_text("Dewi")
    # Wait for the worker's background work on Dewi's first page (then check it offline).
    until(
        lambda: rina.evaluate(
            "p => caches.open('rembuk-state-v1').then(c => c.match(p)).then(r => !r)",
            f"/w/s/{hall['session']['id']}",
        ),
        bool,
    )
    wait_kept(rina, "/w")
    rina.context.set_offline(True)
    rina.goto(session_url)  # kept for Rina only: gone when Dewi's first page came
    expect(rina.get_by_role("heading", name="Tidak ada jaringan")).to_be_visible()
    rina.goto(server.url + "/w")
    expect(rina.locator(".participant-head")).to_contain_text("Dewi")
    expect(rina.locator("#offline-notice")).to_be_visible()


def test_a_new_server_version_drops_the_old_asset_cache(hall, new_page):
    server = hall["server"]
    rina = phone(hall, new_page)
    rina.goto(server.url + "/w")
    controlled(rina)
    [old] = [n for n in cache_names(rina) if n.startswith("rembuk-static-")]

    server.env["WORKSHOP_ASSET_VERSION"] = "next-deploy"
    server.restart()
    rina.reload()
    expect(rina.locator("#conn-status")).to_have_text("Tersambung", timeout=20_000)
    # The new worker installs (filling its cache from the new server), then drops the old one.
    names = until(
        lambda: cache_names(rina),
        lambda names: "rembuk-static-next-deploy" in names and old not in names,
    )
    assert old not in names
    kept = rina.evaluate(
        "() => caches.open('rembuk-static-next-deploy')"
        ".then(c => c.keys()).then(keys => keys.map(r => new URL(r.url).pathname))"
    )
    assert "/static/css/rembuk.css" in kept, kept


def self_signed(folder):
    """A certificate for 127.0.0.1 and localhost, made here (the cryptography package)."""
    import datetime
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    certfile, keyfile = folder / "cert.pem", folder / "key.pem"
    certfile.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    keyfile.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return certfile, keyfile


class HttpsServer(LiveServer):
    """`workshop serve --certfile … --keyfile …`: the same server, over HTTPS."""

    def __init__(self, tmp_path):
        super().__init__(tmp_path)
        self.url = f"https://127.0.0.1:{self.port}"
        self.tls = self_signed(tmp_path)

    def start(self):
        certfile, keyfile = self.tls
        self.process = subprocess.Popen(
            [WORKSHOP, "serve", "--host", "127.0.0.1", "--port", str(self.port)]
            + ["--max-clients", "50", "--certfile", str(certfile), "--keyfile", str(keyfile)],
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited:\n{self.output()}")
            try:
                answer = requests.get(self.url + "/healthz", timeout=1, verify=str(certfile))
                if answer.status_code == 200:
                    return self
            except requests.RequestException:
                time.sleep(0.1)
        raise RuntimeError(f"server did not start:\n{self.output()}")


def spki_hash(certfile):
    """base64 SHA-256 of the certificate's public key, as --ignore-certificate-errors-spki-list
    wants it (how a test makes Chromium trust one certificate, as a phone trusts a real one)."""
    import base64
    import hashlib

    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    cert = x509.load_pem_x509_certificate(certfile.read_bytes())
    spki = cert.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return base64.b64encode(hashlib.sha256(spki).digest()).decode()


def test_the_shell_works_over_https(tmp_path, browser, monkeypatch):
    """`workshop serve --certfile/--keyfile` speaks HTTPS; with a certificate the browser trusts
    the worker registers and keeps pages. (With an untrusted one — a self-signed certificate
    clicked through — Chromium refuses the worker: "An SSL certificate error occurred when
    fetching the script"; docs/offline.md says so.)"""
    server = HttpsServer(tmp_path).start()
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(server.tls[0]))  # this test's requests trust it
    trusting = browser.browser_type.launch(
        executable_path=CHROMIUM,
        headless=True,
        args=[*CHROMIUM_ARGS, f"--ignore-certificate-errors-spki-list={spki_hash(server.tls[0])}"],
    )
    try:
        workshop, token = server.facilitator_workshop(PASSWORD)
        opds = server.api("GET", f"/workshops/{workshop['id']}/opds", token).json()["items"]
        joined = requests.post(
            server.url + "/api/v1/join",
            json={"code": workshop["code"], "name": "Rina", "opd_id": opds[0]["id"]},
            timeout=10,
        )
        assert joined.status_code == 201, joined.text
        context = trusting.new_context(**PHONE)
        context.add_cookies(
            [{"name": "rembuk_device", "value": joined.json()["token"], "url": server.url}]
        )
        rina = context.new_page()
        rina.set_default_timeout(10_000)
        rina.goto(server.url + "/w")
        expect(rina.locator("#conn-status")).to_have_text("Tersambung")
        controlled(rina)
        rina.reload()
        expect(rina.locator("#conn-status")).to_have_text("Tersambung")
        wait_kept(rina, "/w")
        context.set_offline(True)
        rina.reload()
        expect(rina.locator("#offline-notice")).to_be_visible()
        expect(rina.locator("h1")).to_have_text("Bimtek Kota Bogor")
    finally:
        trusting.close()
        server.stop()
