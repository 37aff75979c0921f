"""The OPD roster and the dimension/element lists: API rules, CSV import, pushes, the page."""

import re

import pytest

from tests.conftest import bearer, csrf_from
from workshop import reference

CSV = {"Content-Type": "text/csv"}


def events(sc, name):
    return [e["args"][0] for e in sc.get_received() if e["name"] == name]


def snapshot(db):
    """Everything the roster routes may change, to prove a refused request changed nothing."""
    return tuple(
        list(db.query(f"SELECT * FROM {table} ORDER BY id"))  # noqa: S608 (constant names)
        for table in ("opds", "dimensions", "elements")
    )


def opd_codes(db, workshop_id):
    rows = db.query("SELECT code FROM opds WHERE workshop_id = ? ORDER BY id", [workshop_id])
    return [r["code"] for r in rows]


def dim_keys(client, workshop_id, headers):
    response = client.get(f"/api/v1/workshops/{workshop_id}/dimensions", headers=headers)
    return [d["key"] for d in response.get_json()["items"]]


def opd_id(db, workshop_id, code):
    return next(
        db.query("SELECT id FROM opds WHERE workshop_id = ? AND code = ?", [workshop_id, code])
    )["id"]


def dim_id(db, workshop_id, key):
    return next(
        db.query("SELECT id FROM dimensions WHERE workshop_id = ? AND key = ?", [workshop_id, key])
    )["id"]


def element_id(db, workshop_id, dimension_key, key):
    return next(
        db.query(
            "SELECT e.id FROM elements e JOIN dimensions d ON d.id = e.dimension_id"
            " WHERE d.workshop_id = ? AND d.key = ? AND e.key = ?",
            [workshop_id, dimension_key, key],
        )
    )["id"]


@pytest.fixture
def setup(auth):
    """Alice runs a Bimtek workshop (Rina of Bappeda joined); Bob runs another one."""
    alice = auth.create("alice")
    bob = auth.create("bob")
    mine = auth.workshop(alice["id"])
    theirs = auth.workshop(bob["id"], title="Bimtek Kota Depok")
    participant, device = auth.participant(mine, name="Rina", opd_code="Bappeda")
    return {
        "ws": mine,
        "other": theirs,
        "h": bearer(auth.token("alice")),
        "bob": bearer(auth.token("bob")),
        "participant": bearer(device),
        "projector": bearer(mine["projector_key"]),
    }


# --- OPD roster: reading ------------------------------------------------------------------


def test_roster_lists_id_code_name_for_everyone_of_the_workshop(client, setup):
    ws = setup["ws"]
    for who in ("h", "participant", "projector"):
        response = client.get(f"/api/v1/workshops/{ws['id']}/opds", headers=setup[who])
        assert response.status_code == 200, who
        items = response.get_json()["items"]
        assert len(items) == len(reference.default_opds())
        assert set(items[0]) == {"id", "code", "name"}
        assert "Bappeda" in [o["code"] for o in items]


def test_roster_of_another_workshop_is_404_and_anonymous_is_401(client, setup):
    other = setup["other"]
    assert (
        client.get(f"/api/v1/workshops/{other['id']}/opds", headers=setup["h"]).status_code == 404
    )
    response = client.get(f"/api/v1/workshops/{other['id']}/opds", headers=setup["participant"])
    assert response.status_code == 404
    assert client.get(f"/api/v1/workshops/{other['id']}/opds").status_code == 401


# --- OPD roster: writing ------------------------------------------------------------------


def test_add_opd_returns_201_and_records_it(client, db, setup):
    ws = setup["ws"]
    response = client.post(
        f"/api/v1/workshops/{ws['id']}/opds",
        json={"code": " Dishub2 ", "name": "Dinas Perhubungan (UPT Terminal)"},
        headers=setup["h"],
    )
    assert response.status_code == 201
    body = response.get_json()
    assert body["code"] == "Dishub2" and body["name"] == "Dinas Perhubungan (UPT Terminal)"
    assert "Dishub2" in opd_codes(db, ws["id"])
    audit = list(db.query("SELECT * FROM audit WHERE action = 'opd_created'"))
    assert [a["object_id"] for a in audit] == [body["id"]]


def test_participant_and_projector_may_read_but_not_write(client, db, setup):
    ws = setup["ws"]
    before = snapshot(db)
    for who in ("participant", "projector"):
        response = client.post(
            f"/api/v1/workshops/{ws['id']}/opds",
            json={"code": "X", "name": "Dinas X"},
            headers=setup[who],
        )
        assert response.status_code == 403, who
        assert response.get_json()["error"]["code"] == "forbidden"
        response = client.post(
            f"/api/v1/workshops/{ws['id']}/dimensions",
            json={"key": "x", "name": "X", "name_id": "X"},
            headers=setup[who],
        )
        assert response.status_code == 403, who
    assert snapshot(db) == before


def test_duplicate_short_name_is_a_field_error_in_indonesian_and_english(client, setup):
    ws = setup["ws"]
    url = f"/api/v1/workshops/{ws['id']}/opds"
    body = {"code": "BAPPEDA", "name": "Bappeda lagi"}
    response = client.post(url, json=body, headers=setup["h"])
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"]["code"] == [
        "Nama singkat ini sudah ada dalam daftar."
    ]
    response = client.post(url + "?lang=en", json=body, headers=setup["h"])
    assert response.get_json()["error"]["fields"]["code"] == [
        "This short name is already in the roster."
    ]


def test_rename_keeps_codes_unique_but_allows_a_change_of_letter_case(client, db, setup):
    ws = setup["ws"]
    bappeda = opd_id(db, ws["id"], "Bappeda")
    response = client.patch(f"/api/v1/opds/{bappeda}", json={"code": "BAPPEDA"}, headers=setup["h"])
    assert response.status_code == 200
    assert response.get_json()["code"] == "BAPPEDA"
    response = client.patch(
        f"/api/v1/opds/{bappeda}", json={"name": "Bappeda Litbang"}, headers=setup["h"]
    )
    assert response.status_code == 200
    assert response.get_json() == {"id": bappeda, "code": "BAPPEDA", "name": "Bappeda Litbang"}


def test_delete_unused_opd_is_204(client, db, setup):
    ws = setup["ws"]
    setwan = opd_id(db, ws["id"], "Setwan")
    assert client.delete(f"/api/v1/opds/{setwan}", headers=setup["h"]).status_code == 204
    assert "Setwan" not in opd_codes(db, ws["id"])


def test_delete_opd_with_participants_is_409_and_says_why(client, db, auth, setup):
    ws = setup["ws"]
    auth.participant(ws, name="Budi", opd_code="Bappeda")
    bappeda = opd_id(db, ws["id"], "Bappeda")
    before = snapshot(db)
    response = client.delete(f"/api/v1/opds/{bappeda}", headers=setup["h"])
    assert response.status_code == 409
    error = response.get_json()["error"]
    assert error["code"] == "opd_in_use"
    assert "2 peserta" in error["message"] and "OPD lain" in error["message"]
    assert snapshot(db) == before


# --- A table of refused requests: right status, right field, nothing changed ------------

BAD_REQUESTS = [
    # (method, path template, body, status, field or error code)
    ("POST", "/workshops/{ws}/opds", {"name": "Dinas X"}, 422, "code"),
    ("POST", "/workshops/{ws}/opds", {"code": "X"}, 422, "name"),
    ("POST", "/workshops/{ws}/opds", {"code": "  ", "name": "Dinas X"}, 422, "code"),
    ("POST", "/workshops/{ws}/opds", {"code": "X" * 31, "name": "Dinas X"}, 422, "code"),
    ("POST", "/workshops/{ws}/opds", {"code": "X", "name": "N" * 201}, 422, "name"),
    ("POST", "/workshops/{ws}/opds", {"code": "X\x07", "name": "Dinas X"}, 422, "code"),
    ("POST", "/workshops/{ws}/opds", {"code": "bappeda", "name": "Dup"}, 422, "code"),
    ("POST", "/workshops/{ws}/opds", {"code": "X", "name": "Y", "color": "red"}, 422, "color"),
    ("POST", "/workshops/{ws}/opds", {"code": ["X"], "name": {"a": 1}}, 422, "name"),
    ("POST", "/workshops/{other}/opds", {"code": "X", "name": "Dinas X"}, 404, "not_found"),
    ("PATCH", "/opds/{bappeda}", {"code": "Diskominfo"}, 422, "code"),
    ("PATCH", "/opds/{bappeda}", {"name": ""}, 422, "name"),
    ("PATCH", "/opds/{their_opd}", {"name": "Diambil alih"}, 404, "not_found"),
    ("PATCH", "/opds/999999", {"name": "Tidak ada"}, 404, "not_found"),
    ("DELETE", "/opds/{their_opd}", None, 404, "not_found"),
    ("DELETE", "/opds/{bappeda}", None, 409, "opd_in_use"),
    ("POST", "/workshops/{ws}/dimensions", {"key": "Gov", "name": "A", "name_id": "B"}, 422, "key"),
    ("POST", "/workshops/{ws}/dimensions", {"key": "1st", "name": "A", "name_id": "B"}, 422, "key"),
    (
        "POST",
        "/workshops/{ws}/dimensions",
        {"key": "x", "name": "A", "name_id": ""},
        422,
        "name_id",
    ),
    (
        "POST",
        "/workshops/{ws}/dimensions",
        {"key": "x", "name": "A" * 101, "name_id": "B"},
        422,
        "name",
    ),
    (
        "POST",
        "/workshops/{ws}/dimensions",
        {"key": "governance", "name": "A", "name_id": "B"},
        422,
        "key",
    ),
    ("PATCH", "/dimensions/{branding}", {"key": "economy"}, 422, "key"),
    ("PATCH", "/dimensions/{governance}", {"key": "tata_kelola"}, 409, "dimension_in_use"),
    ("DELETE", "/dimensions/{governance}", None, 409, "dimension_in_use"),
    ("PATCH", "/dimensions/{their_dim}", {"name": "X"}, 404, "not_found"),
    ("DELETE", "/dimensions/{their_dim}", None, 404, "not_found"),
    ("POST", "/dimensions/{their_dim}/move", {"direction": "up"}, 404, "not_found"),
    ("POST", "/dimensions/{governance}/move", {"direction": "left"}, 422, "direction"),
    ("POST", "/dimensions/{governance}/move", {}, 422, "direction"),
    (
        "POST",
        "/dimensions/{their_dim}/elements",
        {"key": "x", "name": "A", "name_id": "B"},
        404,
        "not_found",
    ),
    (
        "POST",
        "/dimensions/{governance}/elements",
        {"key": "service", "name": "A", "name_id": "B"},
        422,
        "key",
    ),
    ("PATCH", "/elements/{service}", {"key": "policy"}, 422, "key"),
    ("PATCH", "/elements/{their_element}", {"name": "X"}, 404, "not_found"),
    ("DELETE", "/elements/{their_element}", None, 404, "not_found"),
    ("POST", "/elements/{service}/move", {"direction": "sideways"}, 422, "direction"),
    ("POST", "/elements/{their_element}/move", {"direction": "down"}, 404, "not_found"),
]


@pytest.mark.parametrize(("method", "path", "body", "status", "what"), BAD_REQUESTS)
def test_refused_requests_change_nothing(client, db, setup, method, path, body, status, what):
    ws, other = setup["ws"], setup["other"]
    db.execute(
        "UPDATE sessions SET dimension = 'governance' WHERE id ="
        " (SELECT MIN(id) FROM sessions WHERE workshop_id = ?)",
        [ws["id"]],
    )
    db.conn.commit()
    ids = {
        "ws": ws["id"],
        "other": other["id"],
        "bappeda": opd_id(db, ws["id"], "Bappeda"),
        "their_opd": opd_id(db, other["id"], "Bappeda"),
        "governance": dim_id(db, ws["id"], "governance"),
        "branding": dim_id(db, ws["id"], "branding"),
        "their_dim": dim_id(db, other["id"], "governance"),
        "service": element_id(db, ws["id"], "governance", "service"),
        "their_element": element_id(db, other["id"], "governance", "service"),
    }
    before = snapshot(db)
    response = client.open(
        "/api/v1" + path.format(**ids), method=method, json=body, headers=setup["h"]
    )
    assert response.status_code == status, response.get_json()
    error = response.get_json()["error"]
    if status == 422:
        assert what in error["fields"], error
        assert all(m for m in error["fields"][what])
    else:
        assert error["code"] == what
        assert error["message"]
    assert snapshot(db) == before


# --- CSV import ----------------------------------------------------------------------------


@pytest.fixture
def empty(auth):
    """A workshop from the empty template (no OPDs, no dimensions) and Alice's token."""
    alice = auth.create("alice")
    ws = auth.workshop(alice["id"], template="empty")
    return ws, bearer(auth.token("alice"))


def import_csv(client, ws, headers, data, content_type="text/csv"):
    return client.post(
        f"/api/v1/workshops/{ws['id']}/opds/import",
        data=data,
        headers={**headers, "Content-Type": content_type},
    )


def test_import_excel_csv_with_bom_semicolons_and_quoted_commas(client, db, empty):
    ws, h = empty
    data = (
        "\ufeffcode;name\r\n"
        'Diskominfo;"Dinas Komunikasi, Informatika, Statistik dan Persandian"\r\n'
        "\r\n"
        'Bappeda;"Badan Perencanaan ""Pembangunan"" Daerah"\r\n'
        ";;\r\n"
    ).encode()
    response = import_csv(client, ws, h, data)
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["created"] == 2
    names = {o["code"]: o["name"] for o in body["items"]}
    assert names == {
        "Diskominfo": "Dinas Komunikasi, Informatika, Statistik dan Persandian",
        "Bappeda": 'Badan Perencanaan "Pembangunan" Daerah',
    }
    assert sorted(opd_codes(db, ws["id"])) == ["Bappeda", "Diskominfo"]
    audit = list(db.query("SELECT details FROM audit WHERE action = 'opds_imported'"))
    assert len(audit) == 1 and '"count": 2' in audit[0]["details"]


def test_import_comma_separated_with_quoted_commas(client, db, empty):
    ws, h = empty
    data = (
        b"code,name\n"
        b'Diskominfo,"Dinas Komunikasi, Informatika, Statistik dan Persandian"\n'
        b"DLH,Dinas Lingkungan Hidup\n"
    )
    response = import_csv(client, ws, h, data)
    assert response.status_code == 201
    assert response.get_json()["items"][0]["name"] == (
        "Dinas Komunikasi, Informatika, Statistik dan Persandian"
    )
    assert opd_codes(db, ws["id"]) == ["Diskominfo", "DLH"]


def test_import_reports_every_bad_row_by_its_number_and_imports_nothing(client, db, setup):
    ws = setup["ws"]
    data = (
        "code,name\n"  # row 1
        "Baru1,Dinas Baru Satu\n"  # row 2: fine
        "\n"  # row 3: empty, ignored but counted
        ",Tanpa Singkatan\n"  # row 4: no short name
        "BAPPEDA,Sudah ada\n"  # row 5: already in the roster (other letter case)
        "Baru1,Dua kali\n"  # row 6: already on row 2
        "Baru2\n"  # row 7: no name column
        "Baru3,Dinas Tiga,lebih\n"  # row 8: a comma not in quotes
        f"{'K' * 31},Terlalu panjang\n"  # row 9
    ).encode()
    before = snapshot(db)
    response = import_csv(client, ws, setup["h"], data)
    assert response.status_code == 422
    error = response.get_json()["error"]
    rows = error["fields"]["rows"]
    assert [r.split(":")[0] for r in rows] == [
        "Baris 4",
        "Baris 5",
        "Baris 6",
        "Baris 7",
        "Baris 8",
        "Baris 9",
    ]
    assert "Nama singkat wajib diisi" in rows[0]
    assert "sudah ada dalam daftar" in rows[1]
    assert "sudah ada di baris 2" in rows[2]
    assert "Nama lengkap wajib diisi" in rows[3]
    assert "tanda kutip" in rows[4]
    assert "maksimal 30" in rows[5]
    assert error["message"].startswith("Tidak ada yang diimpor")
    assert snapshot(db) == before


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        (b"", "file", "kosong"),
        (b"\n \n", "file", "kosong"),
        (b"code,name\n", "file", "tidak berisi baris OPD"),
        (
            b"kode,nama\nA,B\n",
            "rows",
            'Baris 1: baris pertama harus berisi judul kolom "code,name"',
        ),
        (b"code\nA\n", "rows", "Baris 1"),
        ("code,name\nDLH,Dinas Lingkungan Hidup Cianjur\n".encode("utf-16"), "file", "UTF-8"),
        (
            "code;name\nDPMPTSP;Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu\n"
            "Dinsos;Dinas Sosial – Kota\xe9\n".encode("cp1252"),
            "file",
            "UTF-8",
        ),
        (
            ("code,name\n" + "".join(f"K{i},Dinas {i}\n" for i in range(501))).encode(),
            "file",
            "501",
        ),
    ],
)
def test_import_refuses_bad_files_as_a_whole(client, db, empty, data, field, words):
    ws, h = empty
    response = import_csv(client, ws, h, data)
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert words in " ".join(error["fields"][field])
    assert opd_codes(db, ws["id"]) == []


def test_import_accepts_500_rows(client, db, empty):
    ws, h = empty
    data = ("code,name\n" + "".join(f"K{i},Dinas {i}\n" for i in range(500))).encode()
    response = import_csv(client, ws, h, data)
    assert response.status_code == 201
    assert response.get_json()["created"] == 500
    assert len(opd_codes(db, ws["id"])) == 500


def test_import_accepts_a_multipart_file_field(client, db, empty):
    import io

    ws, h = empty
    response = client.post(
        f"/api/v1/workshops/{ws['id']}/opds/import",
        data={"file": (io.BytesIO(b"code,name\nDLH,Dinas Lingkungan Hidup\n"), "opd.csv")},
        headers=h,
        content_type="multipart/form-data",
    )
    assert response.status_code == 201
    assert opd_codes(db, ws["id"]) == ["DLH"]


def test_import_needs_csv_not_json(client, db, empty):
    ws, h = empty
    response = client.post(
        f"/api/v1/workshops/{ws['id']}/opds/import",
        json={"code": "DLH", "name": "Dinas"},
        headers=h,
    )
    assert response.status_code == 415
    assert "text/csv" in response.get_json()["error"]["message"]
    assert opd_codes(db, ws["id"]) == []


def test_import_is_facilitators_only(client, db, setup):
    ws = setup["ws"]
    before = snapshot(db)
    response = import_csv(client, ws, setup["participant"], b"code,name\nX,Dinas X\n")
    assert response.status_code == 403
    response = import_csv(client, setup["other"], setup["h"], b"code,name\nX,Dinas X\n")
    assert response.status_code == 404
    assert snapshot(db) == before


# --- Defaults for a workshop created empty ------------------------------------------------


def test_empty_workshop_loads_the_default_roster_once(client, db, empty):
    ws, h = empty
    assert client.get(f"/api/v1/workshops/{ws['id']}/opds", headers=h).get_json()["items"] == []
    client.post(
        f"/api/v1/workshops/{ws['id']}/opds", json={"code": "bappeda", "name": "Sendiri"}, headers=h
    )
    response = client.post(f"/api/v1/workshops/{ws['id']}/opds/defaults", headers=h)
    assert response.status_code == 201
    defaults = [row["code"] for row in reference.default_opds()]
    assert response.get_json()["created"] == len(defaults) - 1
    codes = opd_codes(db, ws["id"])
    assert sorted(codes, key=str.casefold) == sorted(
        ["bappeda"] + [c for c in defaults if c != "Bappeda"], key=str.casefold
    )
    again = client.post(f"/api/v1/workshops/{ws['id']}/opds/defaults", headers=h)
    assert again.status_code == 200
    assert again.get_json() == {"items": [], "created": 0}
    assert opd_codes(db, ws["id"]) == codes


def test_empty_workshop_loads_the_default_dimensions_once(client, db, empty):
    ws, h = empty
    assert dim_keys(client, ws["id"], h) == []
    client.post(
        f"/api/v1/workshops/{ws['id']}/dimensions",
        json={"key": "economy", "name": "Smart Economy", "name_id": "Ekonomi (versi kota)"},
        headers=h,
    )
    response = client.post(f"/api/v1/workshops/{ws['id']}/dimensions/defaults", headers=h)
    assert response.status_code == 201
    assert response.get_json()["created"] == 5
    assert all(len(d["elements"]) == 3 for d in response.get_json()["items"])
    keys = dim_keys(client, ws["id"], h)
    assert keys == ["economy", "governance", "branding", "living", "society", "environment"]
    again = client.post(f"/api/v1/workshops/{ws['id']}/dimensions/defaults", headers=h)
    assert again.status_code == 200 and again.get_json()["created"] == 0
    assert dim_keys(client, ws["id"], h) == keys


# --- Dimensions and elements ---------------------------------------------------------------


def test_dimensions_have_the_contract_shape(client, setup):
    ws = setup["ws"]
    for who in ("h", "participant", "projector"):
        response = client.get(f"/api/v1/workshops/{ws['id']}/dimensions", headers=setup[who])
        assert response.status_code == 200
        items = response.get_json()["items"]
        assert [d["key"] for d in items][:2] == ["governance", "branding"]
        assert {"id", "key", "name", "name_id", "elements"} <= set(items[0])
        assert {"id", "key", "name", "name_id"} <= set(items[0]["elements"][0])
        assert items[0]["name"] == "Smart Governance"
        assert items[0]["name_id"] == "Tata Kelola Cerdas"


def test_add_rename_and_delete_a_dimension_with_elements(client, db, setup):
    ws, h = setup["ws"], setup["h"]
    response = client.post(
        f"/api/v1/workshops/{ws['id']}/dimensions",
        json={"key": "mobility", "name": "Smart Mobility", "name_id": "Mobilitas Cerdas"},
        headers=h,
    )
    assert response.status_code == 201
    dim = response.get_json()
    assert dim["elements"] == []
    assert dim_keys(client, ws["id"], h)[-1] == "mobility"
    element = client.post(
        f"/api/v1/dimensions/{dim['id']}/elements",
        json={"key": "transit", "name": "Public transit", "name_id": "Angkutan umum"},
        headers=h,
    )
    assert element.status_code == 201
    assert element.get_json()["dimension_id"] == dim["id"]
    # The same element key in another dimension is fine.
    other = client.post(
        f"/api/v1/dimensions/{dim_id(db, ws['id'], 'governance')}/elements",
        json={"key": "transit", "name": "Transit governance", "name_id": "Tata kelola angkutan"},
        headers=h,
    )
    assert other.status_code == 201
    renamed = client.patch(
        f"/api/v1/dimensions/{dim['id']}",
        json={"key": "smart_mobility", "name_id": "Mobilitas Pintar"},
        headers=h,
    )
    assert renamed.status_code == 200
    assert renamed.get_json()["key"] == "smart_mobility"
    assert renamed.get_json()["name"] == "Smart Mobility"
    changed = client.patch(
        f"/api/v1/elements/{element.get_json()['id']}", json={"name": "Mass transit"}, headers=h
    )
    assert changed.status_code == 200 and changed.get_json()["name"] == "Mass transit"
    assert client.delete(f"/api/v1/dimensions/{dim['id']}", headers=h).status_code == 204
    assert "smart_mobility" not in dim_keys(client, ws["id"], h)
    left = list(db.query("SELECT * FROM elements WHERE dimension_id = ?", [dim["id"]]))
    assert left == []


def test_names_of_a_used_dimension_may_change_but_not_its_key(client, db, setup):
    ws, h = setup["ws"], setup["h"]
    db.execute(
        "UPDATE sessions SET dimension = 'economy' WHERE workshop_id = ? AND id IN"
        " (SELECT id FROM sessions WHERE workshop_id = ? ORDER BY id LIMIT 2)",
        [ws["id"], ws["id"]],
    )
    db.conn.commit()
    economy = dim_id(db, ws["id"], "economy")
    response = client.patch(
        f"/api/v1/dimensions/{economy}", json={"name_id": "Ekonomi Pintar"}, headers=h
    )
    assert response.status_code == 200
    response = client.patch(f"/api/v1/dimensions/{economy}", json={"key": "ekonomi"}, headers=h)
    assert response.status_code == 409
    assert "2 sesi agenda" in response.get_json()["error"]["message"]
    response = client.delete(f"/api/v1/dimensions/{economy}", headers=h)
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "dimension_in_use"
    assert "2 sesi agenda" in response.get_json()["error"]["message"]
    assert "economy" in dim_keys(client, ws["id"], h)


def test_move_dimensions_and_elements_up_and_down(client, db, setup):
    ws, h = setup["ws"], setup["h"]
    governance = dim_id(db, ws["id"], "governance")
    response = client.post(
        f"/api/v1/dimensions/{governance}/move", json={"direction": "down"}, headers=h
    )
    assert response.status_code == 200 and response.get_json()["moved"] is True
    assert dim_keys(client, ws["id"], h)[:3] == ["branding", "governance", "economy"]
    client.post(f"/api/v1/dimensions/{governance}/move", json={"direction": "up"}, headers=h)
    response = client.post(
        f"/api/v1/dimensions/{governance}/move", json={"direction": "up"}, headers=h
    )
    assert response.status_code == 200 and response.get_json()["moved"] is False
    assert dim_keys(client, ws["id"], h)[:2] == ["governance", "branding"]

    policy = element_id(db, ws["id"], "governance", "policy")
    response = client.post(f"/api/v1/elements/{policy}/move", json={"direction": "up"}, headers=h)
    assert response.status_code == 200 and response.get_json()["moved"] is True
    dims = client.get(f"/api/v1/workshops/{ws['id']}/dimensions", headers=h).get_json()["items"]
    assert [e["key"] for e in dims[0]["elements"]] == ["service", "policy", "bureaucracy"]
    moves = list(db.query("SELECT action FROM audit WHERE action LIKE '%_moved'"))
    assert len(moves) == 3


def test_delete_an_element(client, db, setup):
    ws, h = setup["ws"], setup["h"]
    policy = element_id(db, ws["id"], "governance", "policy")
    assert client.delete(f"/api/v1/elements/{policy}", headers=h).status_code == 204
    dims = client.get(f"/api/v1/workshops/{ws['id']}/dimensions", headers=h).get_json()["items"]
    assert [e["key"] for e in dims[0]["elements"]] == ["service", "bureaucracy"]


# --- Pushes ------------------------------------------------------------------------------


def test_changes_push_roster_updated_to_the_workshop_only(app, auth, client, socket_client):
    alice = auth.create("alice")
    bob = auth.create("bob")
    carol = auth.create("carol")
    ws = auth.workshop(alice["id"])
    auth.workshop(carol["id"])
    alice_h = bearer(auth.token("alice"))
    client.post(
        f"/api/v1/workshops/{ws['id']}/facilitators", json={"username": "bob"}, headers=alice_h
    )
    _participant, device = auth.participant(ws)
    bob_socket = socket_client(
        auth={"token": auth.token("bob"), "workshop_id": ws["id"]},
        flask_client=app.test_client(),
    )
    rina_socket = socket_client(auth={"token": device}, flask_client=app.test_client())
    carol_socket = socket_client(
        auth={"token": auth.token("carol")}, flask_client=app.test_client()
    )
    for sc in (bob_socket, rina_socket, carol_socket):
        assert sc.is_connected()
        sc.get_received()

    response = client.post(
        f"/api/v1/workshops/{ws['id']}/opds", json={"code": "UPT", "name": "UPT"}, headers=alice_h
    )
    assert response.status_code == 201
    assert events(bob_socket, "roster_updated") == [{"workshop_id": ws["id"]}]
    assert events(rina_socket, "roster_updated") == [{"workshop_id": ws["id"]}]
    assert events(carol_socket, "roster_updated") == []

    response = client.post(
        f"/api/v1/workshops/{ws['id']}/dimensions",
        json={"key": "x", "name": "X", "name_id": "X"},
        headers=alice_h,
    )
    assert response.status_code == 201
    assert events(bob_socket, "roster_updated") == [{"workshop_id": ws["id"]}]

    # A refused change pushes nothing.
    client.post(
        f"/api/v1/workshops/{ws['id']}/opds", json={"code": "upt", "name": "UPT"}, headers=alice_h
    )
    assert events(bob_socket, "roster_updated") == []
    assert bob


# --- The page, without JavaScript --------------------------------------------------------


@pytest.fixture
def page(client, auth):
    """Alice logged in with a cookie session; her workshop; the page's CSRF token."""
    alice = auth.create("alice")
    ws = auth.workshop(alice["id"])
    auth.login()
    html = client.get(f"/workshops/{ws['id']}/roster").get_data(as_text=True)
    return ws, csrf_from(html), f"/workshops/{ws['id']}/roster"


def test_page_lists_opds_and_dimensions_in_indonesian(client, page):
    ws, _token, url = page
    response = client.get(url)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Daftar OPD" in html and "Dimensi dan elemen" in html
    assert 'aria-current="page">OPD dan dimensi' in html
    assert "Badan Perencanaan Pembangunan Daerah" in html
    assert 'data-dimension="governance"' in html
    assert "Naikkan Smart Governance" in html and "Turunkan Smart Environment" in html
    assert "<script>" not in html and "onclick" not in html
    # The page's language names a dimension first, the other language beside it.
    head = re.search(
        r'data-dimension="governance">([^<]+)</span>\s*<span[^>]*lang="(\w+)">([^<]+)<', html
    )
    assert head.groups() == ("Tata Kelola Cerdas", "en", "Smart Governance")
    client.get("/lang/en")
    html = client.get(url).get_data(as_text=True)
    head = re.search(
        r'data-dimension="governance">([^<]+)</span>\s*<span[^>]*lang="(\w+)">([^<]+)<', html
    )
    assert head.groups() == ("Smart Governance", "id", "Tata Kelola Cerdas")


def test_page_needs_login_and_hides_other_workshops(client, auth, page):
    ws, _token, url = page
    bob = auth.create("bob")
    theirs = auth.workshop(bob["id"])
    assert client.get(f"/workshops/{theirs['id']}/roster").status_code == 404
    client.post("/logout", data={"csrf_token": _token})
    response = client.get(url)
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert ws


def test_page_add_opd_redirects_with_a_flash(client, db, page):
    ws, token, url = page
    response = client.post(
        url + "/opds",
        data={"csrf_token": token, "opd-code": "UPT-PJU", "opd-name": "UPT Penerangan Jalan"},
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        url + "#opd-" + str(opd_id(db, ws["id"], "UPT-PJU"))
    )
    assert "OPD UPT-PJU ditambahkan." in client.get(url).get_data(as_text=True)


def test_page_add_opd_errors_rerender_with_422(client, db, page):
    ws, token, url = page
    before = snapshot(db)
    response = client.post(
        url + "/opds", data={"csrf_token": token, "opd-code": "X", "opd-name": ""}
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Nama lengkap wajib diisi (maks. 200 karakter)." in html
    assert 'aria-invalid="true"' in html and 'value="X"' in html
    response = client.post(
        url + "/opds", data={"csrf_token": token, "opd-code": "bappeda", "opd-name": "Lagi"}
    )
    assert response.status_code == 422
    assert "Nama singkat ini sudah ada dalam daftar." in response.get_data(as_text=True)
    assert snapshot(db) == before


def test_page_delete_in_use_opd_shows_the_reason_by_its_row(client, auth, db, page):
    ws, token, url = page
    auth.participant(ws, name="Rina", opd_code="Dinkes")
    dinkes = opd_id(db, ws["id"], "Dinkes")
    response = client.post(f"{url}/opds/{dinkes}/delete", data={"csrf_token": token})
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert f'id="opd-{dinkes}-error" role="alert" >Masih ada 1 peserta' in html
    assert "Dinkes" in opd_codes(db, ws["id"])


def test_page_edit_opd_inline_without_javascript(client, db, page):
    ws, token, url = page
    dlh = opd_id(db, ws["id"], "DLH")
    html = client.get(f"{url}?edit=opd-{dlh}").get_data(as_text=True)
    assert f'form="opd-edit-{dlh}"' in html and 'value="Dinas Lingkungan Hidup"' in html
    response = client.post(
        f"{url}/opds/{dlh}",
        data={"csrf_token": token, "edit-code": "DLH", "edit-name": "Dinas Lingkungan Hidup Kota"},
    )
    assert response.status_code == 302
    names = {o["code"]: o["name"] for o in db.query("SELECT * FROM opds WHERE id = ?", [dlh])}
    assert names == {"DLH": "Dinas Lingkungan Hidup Kota"}


def test_page_csv_import_lists_row_errors_and_imports_nothing(client, db, page):
    import io

    ws, token, url = page
    before = snapshot(db)
    response = client.post(
        url + "/opds/import",
        data={
            "csrf_token": token,
            "file": (io.BytesIO(b"code;name\nA1;Satu\nA2;\n"), "opd.csv"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "<li>Baris 3: Nama lengkap wajib diisi (maks. 200 karakter).</li>" in html
    assert snapshot(db) == before
    response = client.post(
        url + "/opds/import",
        data={"csrf_token": token, "file": (io.BytesIO(b"code;name\nA1;Satu\n"), "opd.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    assert "A1" in opd_codes(db, ws["id"])


def test_page_move_and_key_change_and_element_forms(client, db, page):
    ws, token, url = page
    governance = dim_id(db, ws["id"], "governance")
    response = client.post(
        f"{url}/dimensions/{governance}/move", data={"csrf_token": token, "direction": "down"}
    )
    assert response.status_code == 302
    keys = [
        r["key"]
        for r in db.query(
            "SELECT key FROM dimensions WHERE workshop_id = ? ORDER BY position", [ws["id"]]
        )
    ]
    assert keys[:2] == ["branding", "governance"]
    response = client.post(
        f"{url}/dimensions/{governance}/elements",
        data={"csrf_token": token, f"el{governance}-key": "Bad Key", f"el{governance}-name": "A"},
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert f'id="el-add-{governance}" open' in html
    assert "Awali dengan huruf kecil" in html
    response = client.post(
        f"{url}/dimensions/{governance}/elements",
        data={
            "csrf_token": token,
            f"el{governance}-key": "open_data",
            f"el{governance}-name": "Open data",
            f"el{governance}-name_id": "Data terbuka",
        },
    )
    assert response.status_code == 302
    assert element_id(db, ws["id"], "governance", "open_data")


def test_page_defaults_on_an_empty_workshop(client, auth, db):
    alice = auth.create("alice")
    ws = auth.workshop(alice["id"], template="empty")
    auth.login()
    url = f"/workshops/{ws['id']}/roster"
    html = client.get(url).get_data(as_text=True)
    assert "Belum ada OPD" in html and "Belum ada dimensi" in html
    token = csrf_from(html)
    assert client.post(url + "/opds/defaults", data={"csrf_token": token}).status_code == 302
    assert client.post(url + "/dimensions/defaults", data={"csrf_token": token}).status_code == 302
    html = client.get(url).get_data(as_text=True)
    assert "dimensi dari daftar bawaan ditambahkan" in html
    assert len(opd_codes(db, ws["id"])) == len(reference.default_opds())
    assert client.post(url + "/opds/defaults", data={"csrf_token": token}).status_code == 302
    assert "Tidak ada yang ditambahkan" in client.get(url).get_data(as_text=True)


def test_short_names_differing_only_in_unicode_letter_case_clash(client, db, empty):
    ws, h = empty
    url = f"/api/v1/workshops/{ws['id']}/opds"
    assert client.post(url, json={"code": "Dinas Ü", "name": "A"}, headers=h).status_code == 201
    response = client.post(url, json={"code": "DINAS ü", "name": "B"}, headers=h)
    assert response.status_code == 422 and "code" in response.get_json()["error"]["fields"]
    response = import_csv(client, ws, h, "code,name\ndinas ü,C\n".encode())
    assert response.status_code == 422
    assert opd_codes(db, ws["id"]) == ["Dinas Ü"]
