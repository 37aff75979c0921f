"""The layering rules of docs/architecture.md, checked on the source.

Every module under workshop/ is parsed with `ast`; nothing is imported or executed. Each
check lists every offender in one message, so a failure shows the whole job at once.
"""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "workshop"
MAX_LINES = 400
# View packages (a blueprint each) and single-module views.
VIEW_PACKAGES = ("api", "facilitator", "participant")
VIEW_MODULES = ("main", "projector")
# View plumbing every view may import.
SHARED_VIEW_MODULES = (
    "workshop.views.access",
    "workshop.views.payloads",
    "workshop.views.joining",
    "workshop.views.labels",
)


def module_name(path):
    """workshop/views/api/ideas.py → workshop.views.api.ideas; a package's __init__ → its name."""
    parts = path.relative_to(ROOT).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def load_modules():
    """{module name: (relative path, source, ast)} for every module of the package."""
    modules = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        modules[module_name(path)] = (path.relative_to(ROOT), source, ast.parse(source))
    return modules


MODULES = load_modules()


def imports(name, tree, known=MODULES):
    """(line, imported module, imported name or None) for every import anywhere in a module.

    Relative imports are resolved; `from ..api import ideas` names the module
    workshop.views.api.ideas when that module exists, otherwise the package it comes from.
    """
    is_package = name in known and known[name][0].name == "__init__.py"
    package = name if is_package else name.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, None
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package
                for _ in range(node.level - 1):
                    base = base.rpartition(".")[0]
                base = f"{base}.{node.module}" if node.module else base
            else:
                base = node.module
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                yield node.lineno, sub if sub in known else base, alias.name


def under(target, *prefixes):
    """True when the module `target` is one of `prefixes` or inside one of them."""
    return any(target == p or target.startswith(p + ".") for p in prefixes)


def offenders(check):
    """['path:line imports target (names)'] for every import `check(name, target, imported)`
    refuses."""
    found = {}
    for name, (path, _source, tree) in MODULES.items():
        for line, target, imported in imports(name, tree):
            if check(name, target, imported):
                names = found.setdefault(f"{path}:{line} imports {target}", [])
                if imported and not target.endswith(f".{imported}"):
                    names.append(imported)
    return [f"{where} ({', '.join(names)})" if names else where for where, names in found.items()]


def test_the_parser_resolves_relative_imports():
    """The checks below are only as good as this resolution."""
    known = {
        "workshop.views.participant.ideas": (Path("workshop/views/participant/ideas.py"),),
        "workshop.views.participant": (Path("workshop/views/participant/__init__.py"),),
        "workshop.views.api.ideas": (Path("workshop/views/api/ideas.py"),),
    }
    tree = ast.parse(
        "from ..api import ideas as rules\n"
        "from ..api.agenda import session_in_reach\n"
        "from ... import reference\n"
        "from . import pages\n"
        "import flask\n"
        "def late():\n"
        "    from flask import request\n"
    )
    found = list(imports("workshop.views.participant.ideas", tree, known))
    assert found == [
        (1, "workshop.views.api.ideas", "ideas"),
        (2, "workshop.views.api.agenda", "session_in_reach"),
        (3, "workshop", "reference"),
        (4, "workshop.views.participant", "pages"),
        (5, "flask", None),
        (7, "flask", "request"),
    ]
    package = list(imports("workshop.views.participant", ast.parse("from . import x"), known))
    assert package == [(1, "workshop.views.participant", "x")]
    assert "workshop.store.snapshot" in MODULES and "workshop.views.api.blueprint" in MODULES


def test_store_imports_no_web_layer():
    """store/ is SQL only: no flask, no views, no rules, no realtime."""

    def refused(name, target, _imported):
        return under(name, "workshop.store") and (
            under(target, "flask", "workshop.views", "workshop.rules", "workshop.realtime")
            or target.startswith("flask_")
        )

    found = offenders(refused)
    assert not found, "store/ imports the web layer:\n" + "\n".join(found)


def test_rules_know_nothing_of_http():
    """rules/ imports no view, and from flask at most current_app (flask_babel is fine)."""

    def refused(name, target, imported):
        if not under(name, "workshop.rules"):
            return False
        if under(target, "workshop.views"):
            return True
        if under(target, "flask"):
            return not (target == "flask" and imported == "current_app")
        return target.startswith("flask_") and not under(target, "flask_babel")

    found = offenders(refused)
    assert not found, "rules/ imports HTTP machinery or views:\n" + "\n".join(found)


def allowed_view_imports(name):
    """The modules under workshop.views that the view module `name` may import."""
    for package in VIEW_PACKAGES:
        own = f"workshop.views.{package}"
        if under(name, own):
            return (own, *SHARED_VIEW_MODULES)  # views/api/blueprint is inside views/api
    for single in VIEW_MODULES:
        if name == f"workshop.views.{single}":
            return (name, *SHARED_VIEW_MODULES)
    return SHARED_VIEW_MODULES  # access, payloads, joining, labels and the package itself


def test_views_import_no_other_view_internals():
    """A view imports its own package and the shared view plumbing, nothing else of views/."""

    def refused(name, target, _imported):
        return (
            under(name, "workshop.views")
            and under(target, "workshop.views")
            and not under(target, *allowed_view_imports(name))
        )

    found = offenders(refused)
    assert not found, "views import another view module:\n" + "\n".join(found)


def is_type_checking_block(node):
    test = getattr(node, "test", None)
    return isinstance(node, ast.If) and (
        (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING")
        or (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")
    )


def test_no_imports_below_code():
    """Module-level imports come first (after the docstring); `if TYPE_CHECKING:` may follow."""
    found = []
    for _name, (path, _source, tree) in MODULES.items():
        code_seen = None
        for n, node in enumerate(tree.body):
            if isinstance(node, ast.Import | ast.ImportFrom):
                if code_seen is not None:
                    found.append(f"{path}:{node.lineno} imports after line {code_seen}")
            elif n == 0 and isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
                continue  # the docstring
            elif not is_type_checking_block(node) and code_seen is None:
                code_seen = node.lineno
    assert not found, "module-level imports below code:\n" + "\n".join(found)


def test_modules_stay_small():
    """Over MAX_LINES lines only with a reason at the top (the docstring says "… lines …")."""
    found = []
    for _name, (path, source, tree) in MODULES.items():
        lines = len(source.splitlines())
        docstring = ast.get_docstring(tree) or ""
        if lines > MAX_LINES and not re.search(r"\blines\b", docstring, re.IGNORECASE):
            found.append(f"{path}: {lines} lines, no reason in its docstring")
    assert not found, f"modules over {MAX_LINES} lines:\n" + "\n".join(found)
