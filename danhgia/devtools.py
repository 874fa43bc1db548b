"""The development tools run in DEBUG mode unless told otherwise.

``DEBUG`` defaults to false in the settings, so that a server started without configuration
(``gunicorn danhgia.wsgi``) never shows debug pages. ``manage.py`` and the test run (this module
is a pytest plugin: ``-p danhgia.devtools`` in pyproject.toml) are development tools: they set
``DEBUG=true`` when the environment does not say, before the settings are read.
"""

from __future__ import annotations

import os


def development_defaults() -> None:
    os.environ.setdefault("DEBUG", "true")


development_defaults()
