"""Issue 15, finish: session notulen fields, the workshop's time zone and planning period,
Word's proofing language, Markdown that renders cleanly, times in WIB/WITA/WIT."""

import io
import re

import pytest
from docx import Document as read_docx
from docx.oxml.ns import qn
from markdown_it import MarkdownIt

from tests.conftest import bearer
from tests.test_exports import export, rich  # noqa: F401 (a fixture)


@pytest.fixture
def fac(auth):
    owner = auth.create()
    workshop = auth.workshop(owner["id"])
    return workshop, bearer(auth.token())


def test_session_notulen_fields_patch_and_errors(client, fac):
    workshop, headers = fac
    sessions = client.get(f"/api/v1/workshops/{workshop['id']}/sessions", headers=headers)
    sid = sessions.get_json()["items"][0]["id"]
    r = client.patch(
        f"/api/v1/sessions/{sid}",
        json={
            "chair": "Drs. H. Ahmad, M.Si (Kepala Bappeda)",
            "speakers": "Dr. Suhono H. Supangkat; Tim Kemkominfo",
            "minute_taker": "Rina (Bappeda)",
        },
        headers=headers,
    )
    assert r.status_code == 200, r.get_json()
    body = r.get_json()
    assert body["chair"].startswith("Drs. H. Ahmad")
    assert body["speakers"].startswith("Dr. Suhono")
    assert body["minute_taker"] == "Rina (Bappeda)"
    r = client.patch(
        f"/api/v1/sessions/{sid}",
        json={"chair": "x" * 121, "minute_taker": "a\x07b"},
        headers=headers,
    )
    assert r.status_code == 422
    fields = r.get_json()["error"]["fields"]
    assert set(fields) == {"chair", "minute_taker"}
    again = client.get(f"/api/v1/sessions/{sid}", headers=headers).get_json()
    assert again["chair"].startswith("Drs. H. Ahmad")  # nothing stored


def test_workshop_timezone_and_period_patch(client, fac):
    workshop, headers = fac
    url = f"/api/v1/workshops/{workshop['id']}"
    assert client.get(url, headers=headers).get_json()["timezone"] == "WIB"
    r = client.patch(
        url, json={"timezone": "WITA", "period_start": 2018, "period_end": 2022}, headers=headers
    )
    assert r.status_code == 200, r.get_json()
    body = r.get_json()
    assert (body["timezone"], body["period_start"], body["period_end"]) == ("WITA", 2018, 2022)
    for change, field in [
        ({"timezone": "CET"}, "timezone"),
        ({"period_end": 2017}, "period_end"),  # before the stored start
        ({"period_start": 2023}, "period_start"),  # after the stored end
        ({"period_start": 2018, "period_end": 2030}, "period_end"),  # 13 years
        ({"period_start": 1990}, "period_start"),
    ]:
        r = client.patch(url, json=change, headers=headers)
        assert r.status_code == 422, (change, r.get_json())
        assert field in r.get_json()["error"]["fields"], (change, r.get_json())
    english = client.patch(url + "?lang=en", json={"period_end": 2017}, headers=headers)
    assert "must end" in english.get_json()["error"]["fields"]["period_end"][0]
    indonesian = client.patch(url, json={"period_end": 2017}, headers=headers)
    assert "harus berakhir" in indonesian.get_json()["error"]["fields"]["period_end"][0]
    body = client.get(url, headers=headers).get_json()
    assert (body["timezone"], body["period_start"], body["period_end"]) == ("WITA", 2018, 2022)
    r = client.patch(url, json={"period_start": None, "period_end": None}, headers=headers)
    assert r.status_code == 200, r.get_json()
    assert r.get_json()["period_start"] is None


def _styles_languages(raw):
    doc = read_docx(io.BytesIO(raw))
    values = {e.get(qn("w:val")) for e in doc.styles.element.iter(qn("w:lang"))}
    for style in doc.styles:
        r_pr = style.element.rPr
        if r_pr is not None and r_pr.find(qn("w:lang")) is not None:
            values.add(r_pr.find(qn("w:lang")).get(qn("w:val")))
    return values


def test_docx_proofing_language(client, rich):  # noqa: F811
    indonesian = export(client, rich, "docx").data
    assert _styles_languages(indonesian) == {"id-ID"}
    assert "en-US" not in read_docx(io.BytesIO(indonesian)).styles.element.xml
    english = export(client, rich, "docx", lang="en").data
    assert _styles_languages(english) == {"en-US"}


def rendered_text(markdown):
    html = MarkdownIt("commonmark").enable("table").render(markdown)
    return html, re.sub(r"<[^>]+>", "", html)


def test_markdown_renders_without_stray_backslashes(client, rich):  # noqa: F811
    md = export(client, rich, "md").get_data(as_text=True)
    html, text = rendered_text(md)
    assert "\\" not in text
    assert "<table>" in html
    # Every Markdown table stays a table: as many rendered tables as table header lines.
    assert html.count("<table>") == len(re.findall(r"^\| .*\|\n\| (-|:)", md, re.MULTILINE))
    assert re.search(r"<li>(<a [^>]*>)?1\. Pendahuluan", html) or "1. Pendahuluan" in text


def test_markdown_escape_keeps_text_literal():
    from workshop.export.markdown import escape

    for typed in ["1. Pendahuluan", "# bukan judul", "- bukan daftar", "2) dua", "a*b*c", "[x](y)"]:
        html, text = rendered_text(escape(typed))
        assert text.strip() == typed, (typed, html)
        assert "<h1>" not in html and "<li>" not in html and "<em>" not in html


def test_times_printed_in_the_workshop_zone(client, rich):  # noqa: F811
    url = f"/api/v1/workshops/{rich['workshop']['id']}"
    md = export(client, rich, "md").get_data(as_text=True)
    assert " WIB" in md and " WITA" not in md
    client.patch(url, json={"timezone": "WIT"}, headers=rich["fac"])
    md = export(client, rich, "md").get_data(as_text=True)
    assert " WIT" in md and " WIB" not in md


def test_moment_converts_from_utc(app):
    from flask_babel import force_locale

    from workshop.export import context

    with app.test_request_context(), force_locale("id"):
        for zone, clock in [("WIB", "21.30"), ("WITA", "22.30"), ("WIT", "23.30")]:
            context.set_zone(zone)
            assert context.moment("2017-08-15T14:30:00Z") == f"15 Agustus 2017 {clock} {zone}"
        context.set_zone("WIT")
        assert context.moment("2017-08-15T20:00:00Z") == "16 Agustus 2017 05.00 WIT"
        assert context.number(2.5) == "2,50"
    with app.test_request_context(), force_locale("en"):
        assert context.number(2.5) == "2.50"


def test_agenda_page_edits_notulen_people_without_javascript(client, auth, db):
    from tests.conftest import csrf_from

    owner = auth.create()
    workshop = auth.workshop(owner["id"])
    auth.login()
    wid = workshop["id"]
    page = client.get(f"/workshops/{wid}/agenda").get_data(as_text=True)
    token = csrf_from(page)
    session = next(db.query("SELECT * FROM sessions WHERE workshop_id = ? LIMIT 1", [wid]))
    sid = session["id"]
    assert f'name="s{sid}-chair"' in page and f'name="s{sid}-minute_taker"' in page
    form = {
        "csrf_token": token,
        **{
            f"s{sid}-{k}": v
            for k, v in {
                "title": session["title"],
                "kind": session["kind"],
                "purpose": session["purpose"],
                "starts_at": session["starts_at"],
                "ends_at": session["ends_at"],
                "dimension": session["dimension"] or "",
                "day": str(session["day"]),
                "chair": "Kepala Bappeda",
                "speakers": "Narasumber Kemkominfo",
                "minute_taker": "x" * 121,
            }.items()
        },
    }
    refused = client.post(f"/workshops/{wid}/agenda/sessions/{sid}", data=form)
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert f'id="s{sid}-minute_taker-error"' in html
    assert next(db.query("SELECT chair FROM sessions WHERE id = ?", [sid]))["chair"] == ""
    form[f"s{sid}-minute_taker"] = "Rina"
    assert client.post(f"/workshops/{wid}/agenda/sessions/{sid}", data=form).status_code == 302
    row = next(db.query("SELECT * FROM sessions WHERE id = ?", [sid]))
    assert (row["chair"], row["speakers"], row["minute_taker"]) == (
        "Kepala Bappeda",
        "Narasumber Kemkominfo",
        "Rina",
    )


def test_workshop_page_document_settings_without_javascript(client, auth, db):
    from tests.conftest import csrf_from

    owner = auth.create()
    workshop = auth.workshop(owner["id"])
    auth.login()
    wid = workshop["id"]
    page = client.get(f"/workshops/{wid}").get_data(as_text=True)
    token = csrf_from(page)
    url = f"/workshops/{wid}/document-settings"
    bad = {"csrf_token": token, "doc-timezone": "WITA", "doc-period_start": "2020"}
    refused = client.post(url, data={**bad, "doc-period_end": "2035"})
    assert refused.status_code == 422
    assert 'id="doc-period_end-error"' in refused.get_data(as_text=True)
    refused = client.post(url, data={**bad, "doc-timezone": "UTC", "doc-period_end": "2024"})
    assert 'id="doc-timezone-error"' in refused.get_data(as_text=True)
    row = next(db.query("SELECT * FROM workshops WHERE id = ?", [wid]))
    assert (row["timezone"], row["period_start"]) == ("WIB", None)
    ok = client.post(url, data={**bad, "doc-period_end": "2024"})
    assert ok.status_code == 302
    row = next(db.query("SELECT * FROM workshops WHERE id = ?", [wid]))
    assert (row["timezone"], row["period_start"], row["period_end"]) == ("WITA", 2020, 2024)


# Audit calls whose event name is computed: (file, expression) → every name it can give.
DYNAMIC_EVENTS = {
    (
        "workshop/store/programmes.py",
        "'priority_set' if poll_id is not None else 'priority_cleared'",
    ): [
        "priority_set",
        "priority_cleared",
    ],
    ("workshop/store/questions.py", "'question_upvoted' if on else 'question_unvoted'"): [
        "question_upvoted",
        "question_unvoted",
    ],
    (
        "workshop/store/polls.py",
        "f\"poll_{('opened' if status == 'open' else 'closed')}\"",
    ): ["poll_opened", "poll_closed"],
    ("workshop/store/worksheets.py", "f'entry_{status}' if status else 'entry_updated'"): [
        "entry_updated",
        *(f"entry_{s}" for s in ("visible", "hidden", "merged", "replaced", "withdrawn")),
    ],
    ("workshop/store/display.py", "action"): [
        f"timer_{s}" for s in ("started", "paused", "resumed", "extended", "stopped")
    ],
    (
        "workshop/store/ideas.py",
        "'idea_updated' if 'status' not in changes else f\"idea_{changes['status']}\"",
    ): [
        "idea_updated",
        *(f"idea_{s}" for s in ("pending", "visible", "hidden", "merged", "withdrawn")),
    ],
}


def emitted_audit_events():
    """Every event name the code passes to audit.record (constants, plus the computed ones
    listed above; a new computed call fails until it is listed)."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    names, unknown = set(), []
    for path in sorted((root / "workshop").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "record"
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "audit"
            ):
                continue
            arg = node.args[1]
            if isinstance(arg, ast.Constant):
                names.add(arg.value)
                continue
            key = (str(path.relative_to(root)), ast.unparse(arg))
            if key in DYNAMIC_EVENTS:
                names.update(DYNAMIC_EVENTS[key])
            else:
                unknown.append(key)
    return names, unknown


def test_every_audit_event_has_words(app):
    from flask_babel import force_locale

    from workshop.export.audit_words import PHRASES, phrase

    names, unknown = emitted_audit_events()
    assert not unknown, f"list these computed audit events in DYNAMIC_EVENTS: {unknown}"
    assert len(names) > 40
    assert sorted(names - set(PHRASES)) == []
    with app.test_request_context(), force_locale("id"):
        words = {phrase(n) for n in names}
        assert all("_" not in w for w in words)
        assert phrase("idea_created") == "Usulan dikirim"
    with app.test_request_context(), force_locale("en"):
        assert phrase("idea_created") == "Proposal submitted"
        assert phrase("something_new") == "something new"


def test_masterplan_audit_annex_in_words(client, rich):  # noqa: F811
    md = export(client, rich, "md").get_data(as_text=True)
    annex = md[md.index("Ringkasan jejak audit") :]
    assert "Usulan dikirim" in annex and "idea_created" not in annex


def test_session_notulen(client, rich, db, app):  # noqa: F811
    import datetime

    from flask_babel import force_locale

    from tests.test_exports import docx_text, pdf_text, squeeze
    from workshop.export import model
    from workshop.export.markdown import render_markdown
    from workshop.export.summary import LONG_POLL_BALLOTS, build_summary

    sid = rich["program_session"]["id"]
    client.patch(
        f"/api/v1/sessions/{sid}",
        json={"chair": "Kepala Bappeda", "speakers": "Tim Kemkominfo", "minute_taker": "Rina"},
        headers=rich["fac"],
    )
    day = rich["program_session"]["day"]
    on_date = (
        datetime.date.fromisoformat(rich["workshop"]["starts_on"]) + datetime.timedelta(day - 1)
    ).isoformat()
    with db.atomic():
        for person, _token in rich["people"][:2]:
            db.execute(
                "INSERT OR IGNORE INTO attendance (participant_id, on_date, first_seen_at)"
                " VALUES (?, ?, ?)",
                [person["id"], on_date, on_date + "T01:00:00Z"],
            )
    url = f"/api/v1/sessions/{sid}/summary?format="
    md = client.get(url + "md", headers=rich["fac"]).get_data(as_text=True)
    for expected in (
        "Pimpinan/moderator:** Kepala Bappeda",
        "Narasumber:** Tim Kemkominfo",
        "Notulis:** Rina",
        "Daftar hadir",
        "| Bappeda — ",
        "| Diskominfo — ",
        "| Pimpinan rapat | Notulis |",
        "| Kepala Bappeda | Rina |",
    ):
        assert expected in md, expected
    with app.test_request_context(), force_locale("id"):
        from workshop.export.context import long_date

        assert f"Bogor, {long_date(on_date)}" in md
    assert md.count("Lima program disepakati") == 1  # a decision once
    assert md.count("Susun KAK aplikasi perizinan") == 1  # an action once
    assert "Catatan diskusi" in md  # the plain note stays
    assert "Surat suara (untuk penghitungan ulang)" in md  # a short poll keeps its ballots
    docx = squeeze(docx_text(client.get(url + "docx", headers=rich["fac"]).data))
    for expected in ("Pimpinanrapat", "KepalaBappeda", "Notulis", "Bogor,"):
        assert expected in docx, expected
    pdf = squeeze(pdf_text(client.get(url + "pdf", headers=rich["fac"]).data))
    for expected in ("Pimpinanrapat", "KepalaBappeda", "Bogor,", "Daftarhadir"):
        assert expected in pdf, expected

    # A long poll: its ballots go to the annex at the end, after the signatures.
    data = model.gather(db, rich["workshop"]["id"])
    poll = next(p for p in data["polls"] if p["session_id"] == sid and p["ballots"])
    poll["ballots"] = poll["ballots"] * (LONG_POLL_BALLOTS + 1)
    with app.test_request_context(), force_locale("id"):
        md = render_markdown(build_summary(data, sid))
    body, annex = md.split("Lampiran: surat suara")
    assert "Surat suara (untuk penghitungan ulang)" not in body.split(poll["title"])[1]
    assert "ada di lampiran" in body and "| Pimpinan rapat | Notulis |" in body
    assert poll["title"] in annex and "Surat suara (untuk penghitungan ulang)" in annex


def pdf_lines(raw):
    from pypdf import PdfReader

    return [
        line.strip()
        for page in PdfReader(io.BytesIO(raw)).pages
        for line in page.extract_text().splitlines()
    ]


def whole_or_hyphenated(word, lines):
    """The word on one line, or broken at a syllable with a hyphen ("Pendu‐" / "kung"),
    never cut between two letters at random ("Peringk" / "at")."""
    import pyphen

    if any(word in line for line in lines):
        return True
    syllables = pyphen.Pyphen(lang="id")
    for first, second in syllables.iterate(word):
        for n, line in enumerate(lines[:-1]):
            if line.endswith((first + "‐", first + "-")) and lines[n + 1].startswith(second):
                return True
    return False


def test_pdf_tables_never_split_numbers_or_header_words(app):
    from flask_babel import force_locale

    from workshop.export.context import rupiah
    from workshop.export.document import Document
    from workshop.export.pdf import render_pdf

    budgets = [15_000_000_000, 2_000_000_000, 750_000_000, 1_234_567_890_123]
    with app.test_request_context(), force_locale("id"):
        doc = Document("Uji tabel", "Kota Bogor")
        doc.heading(1, "1. Pendahuluan")
        doc.table(
            ["No.", "Program", "Dimensi", "OPD", "Anggaran (Rp)", "Skor", "Pendukung", "Peringkat"],
            [
                [
                    str(n),
                    "Perizinan online terpadu dengan integrasi data kependudukan " * 2,
                    "Tata Kelola Cerdas",
                    "Diskominfo",
                    rupiah(budget),
                    "1.234,50",
                    "12",
                    "1=",
                ]
                for n, budget in enumerate(budgets, 1)
            ],
            numeric={0, 4, 5, 6, 7},
            widths=[0.5, 4, 1.8, 1.2, 1.6, 0.9, 1, 0.8],
        )
        lines = pdf_lines(render_pdf(doc))
        written = [rupiah(budget) for budget in budgets]
    text = "\n".join(lines)
    for budget in written:
        assert any(budget in line for line in lines), (budget, text)
    for word in ("Peringkat", "Pendukung", "Anggaran"):
        assert whole_or_hyphenated(word, lines), (word, text)


def test_masterplan_pdf_budgets_whole(client, rich):  # noqa: F811
    lines = pdf_lines(export(client, rich, "pdf").data)
    for budget in ("2.000.000.000", "750.000.000", "25.000.000", "1.500.000"):
        assert any(budget in line for line in lines), budget
    for word in ("Peringkat", "Pendukung", "Anggaran"):
        assert whole_or_hyphenated(word, lines), word


def test_big_pdf_is_rendered_in_parts_with_page_numbers_and_contents(
    app,
    client,
    rich,  # noqa: F811
    monkeypatch,
):
    """The path a 2,000-proposal masterplan takes (forced here on a small one): parts rendered
    by worker processes, joined, the contents numbered, every page but the title numbered."""
    from pypdf import PdfReader

    from workshop.db import open_app_db
    from workshop.export import export_workshop, pdf

    one_run = PdfReader(io.BytesIO(export(client, rich, "pdf").data))
    monkeypatch.setattr(pdf, "PARALLEL_FROM", 0)
    calls = []
    original = pdf._run_part
    monkeypatch.setattr(pdf, "_run_part", lambda *a: calls.append(a[1]) or original(*a))
    db = open_app_db(app)
    try:
        with app.app_context():
            body, _media, _name = export_workshop(db, rich["workshop"]["id"], "pdf")
    finally:
        db.close()
    parts = PdfReader(io.BytesIO(body))
    assert len(calls) >= 1  # the other parts: this process renders the first itself
    total = len(parts.pages)
    assert abs(total - len(one_run.pages)) <= len(calls)  # a part starts on a new page
    texts = [page.extract_text() for page in parts.pages]
    assert f"1 / {total}" not in texts[0]  # the title page carries no number
    for number, text in enumerate(texts[1:], start=2):
        assert f"{number} / {total}" in text, (number, text[-200:])
    assert "Draf Masterplan" in texts[1]
    # The contents give each chapter the page it starts on.
    toc = "\n".join(texts[1:3])
    line = next(ln for ln in toc.splitlines() if ln.startswith("5. "))
    heading = line[:16]
    starts = next(n for n, t in enumerate(texts, start=1) if n > 3 and heading in t)
    assert re.search(rf"\b{starts}$", line.rstrip()), (line, starts)
    assert len(parts.outline) >= 5  # bookmarks of every part
