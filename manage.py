#!/usr/bin/env python
"""Django's command-line utility for the danhgia web application."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danhgia.settings")
    from danhgia.devtools import development_defaults

    development_defaults()  # DEBUG=true unless the environment says (DEBUG=false in production)
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
