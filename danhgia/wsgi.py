"""WSGI entry point: ``gunicorn danhgia.wsgi``."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danhgia.settings")

application = get_wsgi_application()

# Everything loaded so far (Django, the apps, the URLconf, the rules) lives as long as the
# process: keep it out of the cycle collector's full passes, which otherwise walk these objects
# again and again under load (with gunicorn's --preload the workers share them after the fork).
gc.freeze()
