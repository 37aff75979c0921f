"""The participants' offline shell: the service worker, the web app manifest, the offline page
and "leave this device".

The worker is static/sw.js, served from /w/sw.js with its settings prepended so that its scope
is /w (the participant pages: /w, /w/s/…, /w/p/… and any later /w/… page) and never the
facilitator's pages. The settings carry the asset version (WORKSHOP_ASSET_VERSION, else a
hash of every file under static/), so a server with other assets ships
a worker whose bytes differ: the browser installs it and it drops the old caches.

Every participant HTML page says who it is for in `X-Rembuk-Viewer` (the participant id); the
worker wipes what it saved when the viewer changes (another person on this browser) or when a
participant page answers with a redirect (the device is no longer joined). Leaving clears the
cookie and, with `Clear-Site-Data`, every cache, storage and the worker itself.
"""

import hashlib
import json
from pathlib import Path

from flask import Response, current_app, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ...auth import DEVICE_COOKIE, current_principal
from ...db import get_db
from ...errors import ApiError
from ...rules import participants as rules
from ..joining import current_device_id
from .blueprint import bp

SCOPE = "/w"
VIEWER_HEADER = "X-Rembuk-Viewer"
# Precached when the worker installs: every file under static/ except the worker itself
# (620 KB, 49 files today — small on a LAN), so a page or script added later never goes
# missing offline because a list here forgot it.
PRECACHE_SKIP = ("sw.js",)


def precache_files(app):
    """Static files the worker fetches on install, relative to static/ (sorted)."""
    root = Path(app.static_folder)
    return sorted(
        str(path.relative_to(root))
        for path in root.rglob("*")
        if path.is_file() and path.name not in PRECACHE_SKIP and not path.name.startswith(".")
    )


def asset_version(app):
    """The deploy's label for cache names: the configured one, else a hash of every static
    file (computed once per process)."""
    cached = app.extensions.get("rembuk_asset_version")
    if cached:
        return cached
    version = app.config.get("ASSET_VERSION")
    if not version:
        digest = hashlib.sha256()
        root = Path(app.static_folder)
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
        version = digest.hexdigest()[:12]
    app.extensions["rembuk_asset_version"] = str(version)
    return str(version)


@bp.get("/w/sw.js")
def service_worker():
    """The service worker with its settings (version, what to precache, the offline page)."""
    settings = {
        "version": asset_version(current_app),
        "scope": SCOPE,
        "static": url_for("static", filename=""),
        "precache": [url_for("static", filename=name) for name in precache_files(current_app)],
        "offline": url_for(".offline"),
        "viewerHeader": VIEWER_HEADER,
    }
    source = Path(current_app.static_folder, "sw.js").read_text(encoding="utf-8")
    body = f"self.REMBUK_SHELL = {json.dumps(settings)};\n{source}"
    return Response(
        body,
        mimetype="text/javascript",
        headers={
            "Cache-Control": "no-cache",
            # /w/sw.js may control /w itself (its default reach would be /w/ only).
            "Service-Worker-Allowed": SCOPE,
        },
    )


@bp.get("/w/manifest.webmanifest")
def manifest():
    """What "Add to home screen" installs: the participant pages, standalone."""
    icons = [
        {
            "src": url_for("static", filename=f"icons/rembuk-{size}.png"),
            "sizes": f"{size}x{size}",
            "type": "image/png",
            "purpose": "any",
        }
        for size in (192, 512)
    ]
    icons.append(
        {
            "src": url_for("static", filename="icons/rembuk-maskable-512.png"),
            "sizes": "512x512",
            "type": "image/png",
            "purpose": "maskable",
        }
    )
    data = {
        "name": _("Rembuk — workshop participant"),
        "short_name": "Rembuk",
        "description": _("Proposals, votes and the agenda of your workshop, even offline."),
        "lang": "id",
        "start_url": url_for(".home"),
        "scope": SCOPE,
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0b5d4b",
        "icons": icons,
    }
    return Response(
        json.dumps(data, ensure_ascii=False),
        mimetype="application/manifest+json",
        headers={"Cache-Control": "no-cache"},
    )


@bp.get("/w/offline")
def offline():
    """Shown by the worker for a participant page it has never seen, when there is no network.
    Nothing personal on it: it is cached for whoever uses this browser."""
    return render_template("participant/offline.html")


@bp.post("/w/leave")
def leave():
    """This browser forgets the participant: the device's token is revoked on the server (a
    copy of the cookie opens nothing afterwards), the cookie goes, and the browser clears this
    site's caches, stored data (the outbox too) and the service worker."""
    principal = current_principal()
    if principal.kind == "participant":
        try:
            device_id = current_device_id()
        except ApiError:
            device_id = None  # revoked a moment ago: nothing left to revoke
        if device_id is not None:
            rules.leave_device(get_db(), principal, device_id)
    response = redirect(url_for(".join"))
    if request.cookies.get(DEVICE_COOKIE):
        response.delete_cookie(DEVICE_COOKIE)
    response.headers["Clear-Site-Data"] = '"cache", "storage"'
    return response


@bp.after_app_request
def name_the_viewer(response):
    """Participant pages (HTML under /w) say whose view they are, for the worker's check.
    Only the caller the view itself resolved counts (nothing is looked up again here)."""
    if (
        request.path == SCOPE or request.path.startswith(SCOPE + "/")
    ) and response.mimetype == "text/html":
        principal = g.get("principal")
        if principal is not None and principal.kind == "participant":
            response.headers[VIEWER_HEADER] = str(principal.id)
    return response
