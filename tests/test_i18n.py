"""Bahasa Indonesia by default, English on request, remembered per browser."""


def test_indonesian_by_default(client):
    page = client.get("/login", headers={"Accept-Language": "en-US,en;q=0.9"})
    html = page.get_data(as_text=True)
    assert '<html lang="id">' in html
    assert "Masuk" in html


def test_switch_to_english_is_remembered(client):
    response = client.get("/lang/en?next=/login")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login"
    assert "rembuk_lang=en" in response.headers["Set-Cookie"]
    html = client.get("/login").get_data(as_text=True)
    assert '<html lang="en">' in html
    assert "Log in" in html
    client.get("/lang/id?next=/login")
    assert '<html lang="id">' in client.get("/login").get_data(as_text=True)


def test_switch_never_redirects_elsewhere(client):
    for target in ("https://evil.example/", "//evil.example/", "javascript:alert(1)"):
        response = client.get(f"/lang/en?next={target}")
        assert response.headers["Location"] == "/"


def test_unknown_language_is_ignored(client):
    response = client.get("/lang/xx?next=/login")
    assert (
        "Set-Cookie" not in response.headers or "rembuk_lang" not in response.headers["Set-Cookie"]
    )


def test_indonesian_formats(app):
    from workshop.templating import clock, idr, local_time, long_date

    with app.test_request_context("/"):
        assert idr(1500000) == "1.500.000"
        assert long_date("2017-08-01") == "1 Agustus 2017"
        assert clock("08:30") == "08.30"
        assert local_time("2017-08-01T01:30:00Z") == "08.30"  # WIB, UTC+7
    with app.test_request_context("/?lang=en"):
        assert idr(1500000) == "1,500,000"
        assert long_date("2017-08-01") == "August 1, 2017"
