"""Phone ergonomics (issue 16 item 8): no text below 16 px on participant pages at 360×640,
the scores ballot one proposal at a time with progress, long OPD names wrap in the picker, a
cleared field loses its error, and the author's own card shows the budget."""

import re

from playwright.sync_api import expect

from tests.e2e.test_follow import SHOTS, SMALL, Room

# Every element with its own visible text, and its computed font size (px): what is read.
SMALL_TEXT_JS = """() => {
  const small = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) {
    if (!node.textContent.trim()) continue;
    const el = node.parentElement;
    if (!el || el.closest("script, template, style, option, .visually-hidden")) continue;
    const rect = el.getBoundingClientRect();
    if (rect.width < 2 || rect.height < 2) continue;
    const style = getComputedStyle(el);
    if (style.visibility === "hidden" || style.display === "none") continue;
    if (!el.checkVisibility || !el.checkVisibility()) continue;
    const size = parseFloat(style.fontSize);
    const what = `${el.tagName.toLowerCase()}.${el.className}`;
    if (size < 16) small.push(`${size}px ${what}: ${node.textContent.trim().slice(0, 40)}`);
  }
  return small;
}"""


def small_text(page):
    return page.evaluate(SMALL_TEXT_JS)


def test_participant_text_is_never_below_16px(server, new_page):
    room = Room(server)
    poll = room.open(room.poll("Skor quick win", method="scores"))
    dots = room.open(room.poll("Titik prioritas", method="dots", budget=3))

    found = {}
    visitor = new_page(**SMALL)
    visitor.goto(server.url + "/join")
    found["/join"] = small_text(visitor)
    visitor.goto(f"{server.url}/j/{room.workshop['code']}")
    visitor.get_by_text("Saya sudah bergabung").click()
    found["/j"] = small_text(visitor)
    visitor.screenshot(path=f"{SHOTS}/join-360.png", full_page=True)

    rina = room.phone(new_page, "Rina Kartikasari", size=SMALL)
    rina.get_by_role("button", name="Tampilkan kode tautan").click()
    expect(rina.locator("#link-code-box")).to_be_visible()
    found["/w"] = small_text(rina)
    rina.screenshot(path=f"{SHOTS}/home-360.png", full_page=True)
    pages = {"session": f"/w/s/{room.session['id']}", "scores": f"/w/p/{poll['id']}"}
    pages["dots"] = f"/w/p/{dots['id']}"
    for name, path in pages.items():
        rina.goto(server.url + path)
        expect(rina.locator("#conn-status")).to_have_text("Tersambung")
        found[path] = small_text(rina)
        rina.screenshot(path=f"{SHOTS}/{name}-360.png", full_page=True)
    small = {k: v for k, v in found.items() if v}
    assert not small, "\n".join(f"{k}: {t}" for k, v in small.items() for t in v)


def test_scores_ballot_one_proposal_at_a_time(server, new_page):
    room = Room(server)
    for n, title in enumerate(["Posyandu digital", "Smart parking", "Kanal pengaduan terpadu"]):
        room.api(
            "POST",
            f"/sessions/{room.session['id']}/ideas",
            json={"title": title, "dimension": "living", "client_id": f"more-{n}"},
        )
    poll = room.open(room.poll("Skor quick win", method="scores"))
    assert len(poll["criteria"]) == 5
    labels = [c["label"] for c in poll["criteria"]]
    page = room.phone(new_page, "Rina Kartikasari", path=f"/w/p/{poll['id']}", size=SMALL)
    progress = page.locator("#score-progress")
    expect(progress).to_have_text("Usulan 1 dari 6")
    expect(progress).to_have_attribute("aria-live", "polite")
    expect(page.locator(".score-item:visible")).to_have_count(1)
    # Six proposals × five criteria used to be a ~4,000 px ballot; now about two screenfuls.
    assert page.locator("#ballot").bounding_box()["height"] < 1300
    page.screenshot(path=f"{SHOTS}/scores-one-at-a-time-360.png", full_page=True)

    # Keyboard only: score the first proposal with arrows, then "next".
    first = page.locator(".score-item:visible")
    for label in labels:
        radio = first.get_by_role("group", name=label).get_by_role("radio", name="1")
        radio.focus()
        page.keyboard.press("Space")
        page.keyboard.press("ArrowRight")
    expect(page.locator(".score-scored")).to_have_text("1 dari 6 sudah dinilai")
    nxt = page.get_by_role("button", name="Usulan berikutnya")
    nxt.focus()
    page.keyboard.press("Enter")
    expect(progress).to_have_text("Usulan 2 dari 6")
    second = page.locator(".score-item:visible")
    expect(second).to_be_focused()  # a screen reader lands on the proposal's title
    second.get_by_role("group", name=labels[0]).get_by_role("radio", name="3").click()
    page.get_by_role("button", name="Usulan berikutnya").click()
    expect(progress).to_have_text("Usulan 3 dari 6")
    # Sending with the second half-scored brings it back on screen with the message.
    page.locator("#ballot-send").click(force=True)
    expect(progress).to_have_text("Usulan 2 dari 6")
    expect(page.locator("#ballot-error")).to_contain_text("Lengkapi skor setiap kriteria")
    page.get_by_role("button", name=re.compile("^Kosongkan skor")).click()
    page.locator("#ballot-send").click()
    expect(page.locator("#ballot-status")).to_contain_text("Suara tersimpan")
    # "Tampilkan semua usulan" lists them all again.
    page.get_by_role("button", name="Tampilkan semua usulan").click()
    expect(page.locator(".score-item:visible")).to_have_count(6)
    page.set_viewport_size({"width": 390, "height": 844})
    page.get_by_role("button", name="Satu usulan per layar").click()
    page.screenshot(path=f"{SHOTS}/scores-one-at-a-time-390.png")


def test_long_opd_names_wrap_in_the_picker(server, new_page):
    room = Room(server)
    page = new_page(**SMALL)
    page.goto(f"{server.url}/j/{room.workshop['code']}")
    picker = page.locator("#opd_id")
    sizes = picker.evaluate(
        """select => {
          const opts = Array.from(select.options);
          const longest = opts.reduce((a, b) => (b.text.length > a.text.length ? b : a));
          const shortest = opts.reduce((a, b) => (b.text.length < a.text.length ? b : a));
          return {long: longest.getBoundingClientRect().height,
                  short: shortest.getBoundingClientRect().height,
                  scroll: select.scrollWidth, client: select.clientWidth,
                  text: longest.text};
        }"""
    )
    assert len(sizes["text"]) > 45, sizes  # the roster has long names ("Badan Perencanaan …")
    assert sizes["long"] > 1.5 * sizes["short"], sizes  # wrapped onto more lines, not cut off
    assert sizes["scroll"] <= sizes["client"], sizes  # nothing runs out sideways
    page.get_by_label("Cari di daftar OPD").fill("perencanaan")
    page.screenshot(path=f"{SHOTS}/opd-picker-360.png")


def test_a_cleared_field_loses_its_error_and_the_own_card_shows_the_budget(server, new_page):
    room = Room(server)
    page = room.phone(new_page, "Rina Kartikasari", path=f"/w/s/{room.session['id']}", size=SMALL)
    title = page.get_by_label("Judul", exact=True)
    budget = page.get_by_label("Perkiraan anggaran (Rp)")
    send = page.get_by_role("button", name="Kirim usulan")

    budget.fill("banyak sekali")
    send.click()
    expect(page.locator("#title-error")).to_be_visible()
    expect(page.locator("#budget_idr-error")).to_be_visible()
    expect(budget).to_have_attribute("aria-invalid", "true")
    budget.fill("")  # cleared: an empty budget is fine, the message goes at once
    expect(page.locator("#budget_idr-error")).to_have_count(0)
    expect(budget).not_to_have_attribute("aria-invalid", "true")
    expect(page.locator("#title-error")).to_be_visible()  # untouched: still says what to do
    title.fill("Posyandu digital")
    expect(page.locator("#title-error")).to_have_count(0)

    page.get_by_role("radio", name="Kehidupan Cerdas").check()
    budget.fill("1,5 jt")
    send.click()
    card = page.locator("#mine-list .idea-card", has_text="Posyandu digital")
    expect(card.locator(".idea-state[data-state='sent']")).to_have_count(1)
    expect(card.locator(".idea-budget")).to_have_text("Anggaran: Rp 1.500.000")
    page.screenshot(path=f"{SHOTS}/own-card-budget-360.png", full_page=True)
    page.reload()  # drawn by the server the same way
    expect(card.locator(".idea-budget")).to_have_text("Anggaran: Rp 1.500.000")
