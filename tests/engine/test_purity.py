"""The engine is pure: no Django, web or database library, no I/O beyond its data files."""

import ast
import subprocess
import sys
from pathlib import Path

ENGINE = Path(__file__).resolve().parents[2] / "danhgia" / "engine"
FORBIDDEN = {
    "django",
    "psycopg",
    "psycopg2",
    "sqlite3",
    "requests",
    "httpx",
    "urllib",
    "http",
    "socket",
    "sqlalchemy",
    "redis",
    "flask",
}
ALLOWED_TOP = {
    "__future__",
    "calendar",
    "unicodedata",
    "collections",
    "dataclasses",
    "datetime",
    "decimal",
    "enum",
    "functools",
    "importlib",
    "json",
    "pathlib",
    "re",
    "typing",
    "yaml",
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_engine_sources_import_only_the_standard_library_and_yaml():
    for path in ENGINE.rglob("*.py"):
        modules = imported_modules(path)
        assert not modules & FORBIDDEN, path
        assert modules <= ALLOWED_TOP, (path, modules - ALLOWED_TOP)


def test_importing_the_whole_engine_loads_no_web_or_database_module():
    watched = sorted(FORBIDDEN - {"http", "urllib", "socket"} | {"django"})
    # The facade loads its modules on first use: import every one of them.
    modules = sorted(p.stem for p in ENGINE.glob("*.py") if p.stem != "__init__")
    code = (
        "import sys, importlib, danhgia.engine\n"
        f"for m in {modules!r}: importlib.import_module('danhgia.engine.' + m)\n"
        f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {watched!r}); print(bad)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
