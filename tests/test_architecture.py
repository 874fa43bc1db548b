"""The layout a newcomer can rely on (docs/ARCHITECTURE.md, "Apps").

The dependency order between the apps is the import-linter contracts of pyproject.toml;
the web imports the rules engine only through its public facade; modules stay small; every
app has the same inner layout.
"""

from __future__ import annotations

import ast
from pathlib import Path

from importlinter import api as importlinter_api
from importlinter.application import use_cases

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "danhgia"
#: modules allowed above the size a newcomer reads in one sitting (none today)
LONG_MODULES: set[str] = set()
MAX_LINES = 400


def test_the_apps_depend_downwards_only():
    """Every contract of pyproject.toml's [tool.importlinter] is kept."""
    passed = use_cases.lint_imports(
        config_filename=str(ROOT / "pyproject.toml"), cache_dir=None, no_logo=True
    )
    assert passed, "import-linter: a contract is broken; run .venv/bin/lint-imports"
    contracts = importlinter_api.read_configuration(str(ROOT / "pyproject.toml"))[
        "contracts_options"
    ]
    assert {c["id"] for c in contracts} >= {"apps", "engine"}


def _python_files():
    for path in PACKAGE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        yield path


def test_the_web_imports_the_engine_only_through_its_facade():
    """``from danhgia.engine import …``: never a submodule of the engine (SPEC §14)."""
    offenders = []
    for path in _python_files():
        if (PACKAGE / "engine") in path.parents or path.name == "cli.py":
            continue
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                if node.module.startswith("danhgia.engine."):
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.module}")
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.startswith("danhgia.engine."):
                        offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} {alias.name}")
    assert offenders == []


def test_modules_stay_under_about_400_lines():
    long = {
        str(path.relative_to(ROOT))
        for path in _python_files()
        if len(path.read_text().splitlines()) > MAX_LINES
    }
    assert long <= LONG_MODULES, sorted(long - LONG_MODULES)


def test_every_app_has_the_same_inner_layout():
    """apps.py, models.py, choices.py, urls.py where the app has pages, and templates/<app>."""
    apps = [p.parent for p in PACKAGE.glob("*/apps.py")]
    assert {a.name for a in apps} >= {
        "audit",
        "organisation",
        "rules",
        "periods",
        "tasks",
        "evaluations",
        "review",
        "dossiers",
        "decisions",
        "core",
    }
    for app in apps:
        if app.name == "core":
            continue
        assert (app / "models.py").exists(), app.name
        assert (app / "migrations" / "__init__.py").exists(), app.name
        if (app / "urls.py").exists():
            assert (PACKAGE / "templates" / app.name).is_dir(), app.name
