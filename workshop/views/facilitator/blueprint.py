"""The facilitator blueprint; its routes live in the modules beside this one."""

from flask import Blueprint

bp = Blueprint("facilitator", __name__)
