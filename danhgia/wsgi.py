"""WSGI entry point: ``gunicorn danhgia.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danhgia.settings")

application = get_wsgi_application()
