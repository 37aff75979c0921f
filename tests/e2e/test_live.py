"""A facilitator logs in and sees live updates pushed by another client."""

import re

from playwright.sync_api import expect

PASSWORD = "rahasia-bimtek"


def login(page, server, username):
    page.goto(server.url + "/login")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page).to_have_url(re.compile(r"/workshops$"))


def test_login_and_live_update_from_another_client(server, new_page):
    server.cli("facilitator", "add", "sari", "--password", PASSWORD)
    server.cli("facilitator", "add", "budi", "--password", PASSWORD)
    page = new_page()
    login(page, server, "sari")
    expect(page.locator("#conn-status")).to_have_text("Tersambung")
    expect(page.get_by_text("Belum ada lokakarya")).to_be_visible()

    # Budi, from a script with a bearer token, creates a workshop and adds Sari to it.
    budi = server.token("budi", PASSWORD)
    created = server.api(
        "POST",
        "/workshops",
        budi,
        json={"title": "Bimtek Kota Bogor", "city": "Kota Bogor", "starts_on": "2017-08-01"},
    )
    assert created.status_code == 201
    workshop = created.json()
    assert (
        server.api(
            "POST", f"/workshops/{workshop['id']}/facilitators", budi, json={"username": "sari"}
        ).status_code
        == 201
    )
    item = page.locator("#ws-list li")
    expect(item).to_have_count(1)
    expect(item).to_contain_text("Bimtek Kota Bogor")
    expect(item).to_contain_text(workshop["code"])
    expect(page.get_by_text("Belum ada lokakarya")).to_be_hidden()

    # On the workshop page, a rename by Budi shows up without a reload.
    page.get_by_role("link", name="Bimtek Kota Bogor").click()
    expect(page.locator("#conn-status")).to_have_text("Tersambung")
    renamed = server.api(
        "PATCH", f"/workshops/{workshop['id']}", budi, json={"title": "Bimtek Smart City Bogor"}
    )
    assert renamed.status_code == 200
    expect(page.locator("#ws-title")).to_have_text("Bimtek Smart City Bogor")


def test_language_switch_is_remembered(server, new_page):
    page = new_page()
    page.goto(server.url + "/login")
    expect(page.get_by_role("heading", name="Masuk fasilitator")).to_be_visible()
    page.get_by_role("link", name="English").click()
    expect(page.get_by_role("heading", name="Facilitator login")).to_be_visible()
    page.goto(server.url + "/workshops")  # redirected to login, still English
    expect(page.get_by_role("button", name="Log in")).to_be_visible()


def test_wrong_password_shows_field_error(server, new_page):
    server.cli("facilitator", "add", "sari", "--password", PASSWORD)
    page = new_page()
    page.goto(server.url + "/login")
    page.get_by_label("Nama pengguna").fill("sari")
    page.get_by_label("Kata sandi").fill("salah-sekali")
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_text("Kata sandi atau nama pengguna salah.")).to_be_visible()
    expect(page.get_by_label("Kata sandi")).to_have_attribute("aria-invalid", "true")


def test_serve_prints_the_hall_address(server):
    assert f"in the hall: http://127.0.0.1:{server.port}" in server.output()


def test_connection_indicator_follows_the_network(server, new_page):
    server.cli("facilitator", "add", "sari", "--password", PASSWORD)
    page = new_page()
    login(page, server, "sari")
    status = page.locator("#conn-status")
    expect(status).to_have_text("Tersambung")
    page.context.set_offline(True)
    expect(status).to_have_text("Luring")
    page.context.set_offline(False)
    expect(status).to_have_text("Tersambung", timeout=15_000)
