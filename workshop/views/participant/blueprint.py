"""The participant blueprint (no account: a device cookie); routes live beside this module."""

from flask import Blueprint

bp = Blueprint("participant", __name__)
