"""Bahasa Indonesia by default, English on request, remembered per browser in a cookie."""

from urllib.parse import urlsplit

from flask import Blueprint, current_app, redirect, request
from flask_babel import Babel, get_locale

# The cookie that remembers the chosen language for a year.
LANG_COOKIE = "rembuk_lang"
LANG_COOKIE_AGE = 365 * 24 * 3600
# Each language named in itself, for the switch's accessible names.
LANGUAGE_NAMES = {"id": "Bahasa Indonesia", "en": "English"}

bp = Blueprint("i18n", __name__)


def select_locale():
    """Cookie choice, then ?lang= on API calls, then the default (id)."""
    languages = current_app.config["LANGUAGES"]
    for choice in (request.args.get("lang"), request.cookies.get(LANG_COOKIE)):
        if choice in languages:
            return choice
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def safe_next(target, fallback="/"):
    """Only same-site relative paths: never redirect to another host."""
    if not target:
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return fallback
    return target


def referrer_path():
    """The path of the page the link was clicked on, when it is ours."""
    if not request.referrer:
        return None
    parts = urlsplit(request.referrer)
    if parts.netloc != request.host:
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


@bp.get("/lang/<code>")
def switch(code):
    """Language switch in the header: a plain link, so it works without JavaScript."""
    target = safe_next(request.args.get("next") or referrer_path())
    response = redirect(target)
    if code in current_app.config["LANGUAGES"]:
        response.set_cookie(LANG_COOKIE, code, max_age=LANG_COOKIE_AGE, samesite="Lax")
    return response


def init_app(app):
    """Flask-Babel with our selector and the translations folder inside the package."""
    Babel(app, locale_selector=select_locale, default_translation_directories="translations")
    app.register_blueprint(bp)

    @app.context_processor
    def inject_locale():
        return {
            "current_locale": str(get_locale()),
            "languages": app.config["LANGUAGES"],
            "language_names": LANGUAGE_NAMES,
        }
