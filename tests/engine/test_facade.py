"""The public facade: ``from danhgia.engine import …`` gives every name a caller needs."""

import ast
import subprocess
import sys
from pathlib import Path

import danhgia.engine as engine

ROOT = Path(__file__).resolve().parents[2]


def test_every_name_of_all_resolves():
    assert len(engine.__all__) == len(set(engine.__all__))
    missing = [name for name in engine.__all__ if not hasattr(engine, name)]
    assert missing == []


def test_the_facade_exports_no_module():
    for name in engine.__all__:
        assert not isinstance(getattr(engine, name), type(engine)), name


def engine_imports_outside_the_engine():
    """(file, name) of every name imported from ``danhgia.engine`` or a submodule elsewhere.

    ``from danhgia.engine.scoring import task_kpi`` gives ``task_kpi``; ``from danhgia.engine
    import special_cases`` followed by ``special_cases.deferral_case`` gives ``deferral_case``.
    """
    files = [
        p
        for p in [*(ROOT / "danhgia").rglob("*.py"), *(ROOT / "tests").rglob("*.py")]
        if "engine" not in p.relative_to(ROOT).parts[:2] and "migrations" not in p.parts
    ]
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        modules = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                if node.module.startswith("danhgia.engine."):
                    for alias in node.names:
                        yield path, alias.name
                elif node.module == "danhgia.engine":
                    for alias in node.names:
                        if alias.name in engine.__all__:
                            yield path, alias.name
                        else:
                            modules.add(alias.asname or alias.name)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in modules
            ):
                yield path, node.attr


def test_the_facade_covers_what_the_web_application_imports_today():
    found = list(engine_imports_outside_the_engine())
    assert found  # the scan sees the web application's imports
    uncovered = sorted(
        {f"{path.relative_to(ROOT)}: {name}" for path, name in found}
        - {f"{path.relative_to(ROOT)}: {name}" for path, name in found if name in engine.__all__}
    )
    assert uncovered == []


def test_importing_the_engine_reads_no_data_file():
    code = (
        "import sys\n"
        "opened = []\n"
        "sys.addaudithook(lambda e, a: opened.append(str(a[0])) if e == 'open' else None)\n"
        "import danhgia.engine\n"
        "print([p for p in opened if p.endswith(('.yaml', '.yml', '.json'))])\n"
        "print('yaml' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["[]", "False"]


def test_docs_name_every_public_name_and_code():
    doc = (ROOT / "docs" / "engine.md").read_text(encoding="utf-8")
    assert [n for n in engine.__all__ if f"`{n}" not in doc and f" {n}" not in doc] == []
    for codes in (engine.REASON_CODES, engine.ERROR_CODES, engine.PROBLEM_CODES):
        assert [c for c in codes if f"`{c}`" not in doc] == []


def test_the_facade_loads_each_name_from_the_module_it_lists():
    # Names are loaded on first use (PEP 562): the table lists exactly the public names.
    assert set(engine._MODULE_OF) | {"Post", "PostChange", "post_changes"} == set(engine.__all__)
    assert callable(engine.post_changes)  # a function, although a module has its name


def test_danhgia_rate_loads_neither_scoring_nor_frameworks():
    code = (
        "import sys, danhgia.cli\n"
        "danhgia.cli.main(['rate', sys.argv[1]])\n"
        "print(sorted(m for m in sys.modules if m.startswith('danhgia.engine.')))\n"
    )
    example = ROOT / "examples" / "rate-laocai.json"
    out = subprocess.run(
        [sys.executable, "-c", code, str(example)], capture_output=True, text=True, check=True
    )
    loaded = out.stdout.splitlines()[-1]
    assert "danhgia.engine.rating'" in loaded
    for module in ("scoring", "framework", "framework_loading", "stages", "tasks", "yearend"):
        assert f"danhgia.engine.{module}'" not in loaded
