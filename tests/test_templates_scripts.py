"""The templates carry no inline script or event handler (CSP "script-src 'self'"): the forms'
confirmations and warnings come from one static file, ``danhgia/js/forms.js``."""

import re
from pathlib import Path

import danhgia

TEMPLATES = Path(danhgia.__file__).parent / "templates"
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)


def test_no_template_has_an_inline_script_or_handler():
    found = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        text, name = path.read_text(), path.relative_to(TEMPLATES)
        for pattern in (INLINE_HANDLER, INLINE_SCRIPT):
            found += [f"{name}: {match.group(0)}" for match in pattern.finditer(text)]
    assert found == []


def test_the_base_page_loads_the_forms_script_deferred():
    base = (TEMPLATES / "base.html").read_text()
    assert re.search(r"<script src=\"\{% static 'danhgia/js/forms\.js' %\}\" defer></script>", base)
    script = Path(danhgia.__file__).parent / "static" / "danhgia" / "js" / "forms.js"
    text = script.read_text()
    assert "data-confirm" in text and "beforeunload" in text
