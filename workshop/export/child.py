"""Exports rendered in a child process (issue 13): memory that comes back.

Rendering a 2,000-proposal Draf Masterplan builds hundreds of megabytes of objects
(python-docx's XML tree, WeasyPrint's boxes, openpyxl's cells). CPython seldom gives freed
memory back to the system, so a server that rendered one in its own process stayed that
big for the rest of the day. The API instead runs `python -m workshop.export.child`: a
fresh interpreter (never a fork() of a threaded or gevent worker), given its job as JSON on
stdin — the app's settings and what to render. It writes the file into
`instance/exports/` (0700, a name carrying the server's pid so `clean_leftovers` removes
what a killed server left) and answers one JSON line on stdout: `{"media_type",
"filename"}`, or `{"error": {"status", "message", "code", "fields"}}` for a domain error
(404 for a workshop or session that is gone). The server opens the file, removes its name
at once and streams it back; all the child's memory goes when it exits.

Waiting is `Popen.communicate`: under the gevent worker subprocess is monkey-patched, so
the wait yields to the other greenlets; under threads it blocks only its own request.
"""

import gc
import json
import os
import subprocess
import sys
import tempfile

from ..rules import DomainError
from ..store import NotFound
from .sqlite import RENDER_PREFIX, work_folder

# Formats rendered in the child (documents and the workbook: the memory-hungry ones).
CHILD_FORMATS = ("docx", "pdf", "md", "xlsx", "monev", "monev-docx", "monev-pdf", "monev-md")
# Seconds an export may take before the child is stopped (a 500).
TIMEOUT_SECONDS = 600


class ExportFailed(RuntimeError):
    """The child crashed, was killed or timed out (the API answers 500)."""


def settings(app):
    """The app's settings the child needs to be the same app (what JSON can carry)."""
    config = {}
    for key, value in app.config.items():
        try:
            json.dumps(value)
        except (TypeError, ValueError):
            continue
        config[key] = value
    config["INSTANCE_PATH"] = app.instance_path
    config["AUTO_MIGRATE"] = False  # the server migrated the store already
    # The child is a plain process (no gevent worker, nothing monkey-patched): threads.
    config["ASYNC_MODE"] = "threading"
    return config


def render(app, kind, ident, fmt, lang):
    """Run the child for one export → (open binary file, size, media type, file name).

    The file's name is already removed: closing the file frees its space. Raises the
    domain error the child reported (404 …) or ExportFailed.
    """
    folder = work_folder(app.instance_path)
    fd, path = tempfile.mkstemp(
        prefix=f"{RENDER_PREFIX}{os.getpid()}-", suffix="." + fmt, dir=folder
    )
    os.close(fd)
    job = {
        "config": settings(app),
        "kind": kind,
        "id": ident,
        "fmt": fmt,
        "lang": lang,
        "out": path,
    }
    timeout = float(app.config.get("EXPORT_TIMEOUT_SECONDS", TIMEOUT_SECONDS))
    try:
        answer = _run(app, job, timeout)
        handle = open(path, "rb")  # noqa: SIM115 (the response closes it)
    finally:
        os.unlink(path)
    size = os.fstat(handle.fileno()).st_size
    return handle, size, answer["media_type"], answer["filename"]


def _run(app, job, timeout):
    process = subprocess.Popen(  # noqa: S603 (our own interpreter and module)
        [sys.executable, "-m", "workshop.export.child"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=child_environment(),
    )
    try:
        out, err = process.communicate(json.dumps(job).encode("utf-8"), timeout=timeout)
    except subprocess.TimeoutExpired as e:
        process.kill()
        process.communicate()
        raise ExportFailed(f"export took over {timeout:.0f} s and was stopped") from e
    try:
        answer = json.loads(out.decode("utf-8").strip().splitlines()[-1])
    except (ValueError, IndexError):
        answer = None
    if process.returncode != 0 or not isinstance(answer, dict):
        raise ExportFailed(
            f"export child exited with {process.returncode}: "
            + err.decode("utf-8", "replace")[-4000:]
        )
    if "error" in answer:
        raise reported_error(answer["error"])
    return answer


def child_environment():
    """The server's environment, with this checkout first on the import path."""
    env = dict(os.environ)
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
    return env


def reported_error(error):
    """The child's {"status", "message", "code", "fields"} as the exception the API renders."""
    if error.get("status") == 404:
        return NotFound(error.get("message") or "not found")
    e = DomainError(error.get("message") or "", code=error.get("code"), fields=error.get("fields"))
    e.status = int(error.get("status") or 400)
    return e


# -- The child's side ------------------------------------------------------------------------


def child_app(settings):
    """The least of the app an export needs: its settings, templates and languages.

    Not create_app: the views, sockets and security would cost the child seconds of imports
    for nothing (an export reads the store and renders; it serves no request).
    """
    # Imported here, in the child only (an import cycle: the views import this module).
    from flask import Flask

    from .. import PROJECT_ROOT, config, i18n

    app = Flask(
        "workshop",
        instance_path=settings["INSTANCE_PATH"],
        instance_relative_config=True,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    config.configure(app, settings)
    i18n.init_app(app)
    return app


def work(job):
    """Render one job into job["out"] inside an app built from the server's settings."""
    # Imported here, in the child only (an import cycle: the views import this module).
    from ..db import open_app_db
    from . import export_summary, export_workshop

    app = child_app(job["config"])
    with app.app_context():
        db = open_app_db(app)
        try:
            if job["kind"] == "summary":
                body, media_type, filename = export_summary(db, job["id"], job["fmt"], job["lang"])
            else:
                body, media_type, filename = export_workshop(db, job["id"], job["fmt"], job["lang"])
        finally:
            db.close()
            if "workshop.export.pdf" in sys.modules:
                sys.modules["workshop.export.pdf"].release_workers()
    with open(job["out"], "wb") as f:
        f.write(body)
    return {"media_type": media_type, "filename": filename}


def main():
    from .pdf import GC_THRESHOLD

    gc.set_threshold(*GC_THRESHOLD)  # a process that only renders (see pdf.GC_THRESHOLD)
    job = json.loads(sys.stdin.buffer.read().decode("utf-8"))
    try:
        answer = work(job)
    except NotFound as e:
        answer = {"error": {"status": 404, "message": str(e)}}
    except DomainError as e:
        answer = {
            "error": {"status": e.status, "message": e.message, "code": e.code, "fields": e.fields}
        }
    sys.stdout.write(json.dumps(answer) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
