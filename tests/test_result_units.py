"""What a result number means (issue 16 item 10): the unit words of each poll method, given once
by the result_units() macro and used by results-view.js; and "Tahap I" → "Stage I" in English."""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from flask import render_template_string
from flask_babel import force_locale

from workshop.templating import stage_label

ROOT = Path(__file__).resolve().parent.parent


def units(app, locale):
    """data-unit-* of the macro, in that language → {attribute: pattern}."""
    with app.test_request_context(), force_locale(locale):
        html = render_template_string(
            '{% from "_partials.html" import result_units %}<div {{ result_units() }}></div>'
        )
    return dict(re.findall(r'(data-unit-[a-z-]+)="([^"]*)"', html))


def test_every_bar_method_has_its_unit_in_both_languages(app):
    id_ = units(app, "id")
    en = units(app, "en")
    assert id_ == {
        "data-unit-dots": "{n} titik",
        "data-unit-dots-one": "{n} titik",
        "data-unit-points": "{n} poin",
        "data-unit-points-one": "{n} poin",
        "data-unit-approval": "{n} setuju",
        "data-unit-approval-one": "{n} setuju",
        "data-unit-ranking": "Borda {n}",
        "data-unit-scores": "rata-rata {n}",
    }
    assert en["data-unit-dots"] == "{n} dots" and en["data-unit-dots-one"] == "{n} dot"
    assert en["data-unit-scores"] == "mean {n}" and en["data-unit-approval-one"] == "{n} approval"


@pytest.mark.parametrize(
    "template", ["participant/poll.html", "projector/screen.html", "facilitator/console.html"]
)
def test_every_results_container_takes_the_units_from_the_one_macro(template):
    text = (ROOT / "templates" / template).read_text()
    assert "result_units()" in text and "data-unit-" not in text


def test_polls_page_takes_the_units_too():
    text = (ROOT / "templates/facilitator/polls.html").read_text()
    assert "result_units()" in text and "data-unit-" not in text


@pytest.mark.skipif(not shutil.which("node"), reason="needs node to run the browser script")
def test_the_renderer_writes_the_value_with_its_unit(app):
    words = {
        re.sub(r"-(\w)", lambda m: m.group(1).upper(), k[len("data-") :]): v
        for k, v in units(app, "id").items()
    }
    script = """
      global.window = {};
      const fs = require("fs");
      eval(fs.readFileSync("static/js/dom.js", "utf8"));
      eval(fs.readFileSync("static/js/results-view.js", "utf8"));
      const R = window.Rembuk, c = {dataset: WORDS};
      console.log(JSON.stringify([
        R.resultMeasure(c, "scores", 4.2, "id"), R.resultMeasure(c, "points", 12, "id"),
        R.resultMeasure(c, "dots", 7, "id"), R.resultMeasure(c, "ranking", 15, "id"),
        R.resultMeasure(c, "approval", 9, "id"), R.resultMeasure(c, "matrix", 2, "id"),
        R.resultMeasure({dataset: {unitDots: "{n} dots", unitDotsOne: "{n} dot"}}, "dots", 1, "en")
      ]));
    """.replace("WORDS", json.dumps(words))
    out = subprocess.run(
        ["node", "-e", script], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert json.loads(out) == [
        "rata-rata 4,2",
        "12 poin",
        "7 titik",
        "Borda 15",
        "9 setuju",
        "2",  # the matrix is a chart, its numbers are labelled there
        "1 dot",
    ]


@pytest.mark.parametrize(
    ("stored", "english", "indonesian"),
    [
        ("Tahap I", "Stage I", "Tahap I"),
        ("Tahap II", "Stage II", "Tahap II"),
        ("Tahap III: Perencanaan", "Stage III: Perencanaan", "Tahap III: Perencanaan"),
        ("Tahap IV", "Stage IV", "Tahap IV"),
        ("Tahapan awal", "Tahapan awal", "Tahapan awal"),
        ("Tahap V", "Tahap V", "Tahap V"),
        ("Hari kerja", "Hari kerja", "Hari kerja"),
        ("", "", ""),
        (None, None, None),
    ],
)
def test_stage_names_of_the_bimtek_read_in_english(app, stored, english, indonesian):
    with app.test_request_context():
        with force_locale("en"):
            assert stage_label(stored) == english
        with force_locale("id"):
            assert stage_label(stored) == indonesian


def test_english_pages_show_stage_but_the_store_keeps_tahap(app):
    with app.test_request_context(), force_locale("en"):
        html = render_template_string("{{ 'Tahap II'|stage_label }}")
    assert html == "Stage II"
