"""Reading an uploaded OPD roster (rules/opd_csv.py) without HTTP, and the limits the
roster page's inputs repeat from the server's forms."""

import re

import pytest

from workshop.forms.roster import KEY_PATTERN, OPD_CODE_MAX, OPD_NAME_MAX
from workshop.rules import FieldError
from workshop.rules.opd_csv import IMPORT_MAX_ROWS, read_opd_csv


@pytest.fixture
def ctx(app):
    with app.test_request_context("/?lang=en"):
        yield


def test_reads_excel_csv_with_bom_semicolons_and_quotes(ctx):
    raw = '\ufeffName;Code\r\n"Dinas A; Kota";DA\r\n\r\nBadan B;BB\r\n'.encode()
    assert read_opd_csv(raw, set()) == [(2, "DA", "Dinas A; Kota"), (4, "BB", "Badan B")]


def test_every_bad_row_is_listed_and_nothing_is_returned(ctx):
    raw = ("code,name\nX,Dinas X\nx,Again\n,No code\nTAKEN,Dinas T\n" + "Y,Z,extra\n").encode()
    with pytest.raises(FieldError) as caught:
        read_opd_csv(raw, {"taken"})
    rows = caught.value.fields["rows"]
    assert [re.match(r"Row (\d+)", m).group(1) for m in rows] == ["3", "4", "5", "6"]
    assert caught.value.status == 422
    assert caught.value.message.startswith("Nothing was imported.")


@pytest.mark.parametrize(
    "raw, words",
    [
        (b"", "empty"),
        (b"code,name\n", "no OPD rows"),
        ("code,name\nA,Ä\n".encode("latin-1"), "UTF-8"),
        (b"code,name\n" + b"A,B\n" * (IMPORT_MAX_ROWS + 1), str(IMPORT_MAX_ROWS)),
    ],
)
def test_a_bad_file_is_refused_as_a_whole(ctx, raw, words):
    with pytest.raises(FieldError) as caught:
        read_opd_csv(raw, set())
    assert words in caught.value.fields["file"][0]


def test_a_wrong_header_names_what_it_found(ctx):
    with pytest.raises(FieldError) as caught:
        read_opd_csv(b"kode,nama\nA,B\n", set())
    assert caught.value.fields["rows"] == [
        'Row 1: the first row must be the header "code,name" (found "kode,nama").'
    ]


def test_the_roster_page_inputs_carry_the_forms_limits(client, auth):
    """The browser checks the same lengths the server does (maxlength from the forms)."""
    alice = auth.create("alice")
    ws = auth.workshop(alice["id"])
    auth.login()
    html = client.get(f"/workshops/{ws['id']}/roster").get_data(as_text=True)
    code = re.search(r'<input[^>]*id="opd-code"[^>]*>', html).group(0)
    name = re.search(r'<input[^>]*id="opd-name"[^>]*>', html).group(0)
    assert f'maxlength="{OPD_CODE_MAX}"' in code
    assert f'maxlength="{OPD_NAME_MAX}"' in name
    # The key hint describes KEY_PATTERN: a lowercase letter, then letters, digits or _.
    assert KEY_PATTERN == r"^[a-z][a-z0-9_]{0,39}$"
