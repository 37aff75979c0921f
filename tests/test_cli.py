"""The `workshop` command line."""

from workshop.store import accounts


def test_facilitator_add_and_list(runner, db):
    result = runner.invoke(args=["facilitator", "add", "Budi", "--password", "rahasia123"])
    assert result.exit_code == 0, result.output
    assert "Created facilitator budi" in result.output
    assert accounts.authenticate(db, "budi", "rahasia123")
    result = runner.invoke(
        args=["facilitator", "add", "sari", "--password", "rahasia123", "--admin"]
    )
    assert "Created admin sari" in result.output
    listing = runner.invoke(args=["facilitator", "list"]).output
    assert "budi\n" in listing and "sari (admin)" in listing


def test_facilitator_add_prompts_for_password(runner, db):
    result = runner.invoke(args=["facilitator", "add", "budi"], input="rahasia123\nrahasia123\n")
    assert result.exit_code == 0, result.output
    assert accounts.authenticate(db, "budi", "rahasia123")


def test_facilitator_add_rejects_bad_input(runner, db):
    assert runner.invoke(args=["facilitator", "add", "budi", "--password", "short"]).exit_code == 2
    assert (
        runner.invoke(args=["facilitator", "add", "bu di", "--password", "rahasia123"]).exit_code
        == 2
    )
    runner.invoke(args=["facilitator", "add", "budi", "--password", "rahasia123"])
    again = runner.invoke(args=["facilitator", "add", "BUDI", "--password", "rahasia123"])
    assert again.exit_code == 1 and "already exists" in again.output
    assert len(accounts.list_facilitators(db)) == 1


def test_init_reports_store(runner, app):
    result = runner.invoke(args=["init"])
    assert result.exit_code == 0
    assert app.config["DATABASE"] in result.output


def test_demo_is_idempotent_and_prints_fresh_password(runner, db):
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    password = first.output.split("password ")[1].strip()
    assert accounts.authenticate(db, "demo", password)
    second = runner.invoke(args=["demo"])
    new_password = second.output.split("password ")[1].strip()
    assert new_password != password
    assert accounts.authenticate(db, "demo", new_password)
    assert accounts.authenticate(db, "demo", password) is None
    assert db.execute("SELECT COUNT(*) FROM workshops").fetchone()[0] == 1
