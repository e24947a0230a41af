import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hangviet.settings")
application = get_wsgi_application()

if os.environ.get("HANGVIET_WARM_INDEX", "1") == "1":
    # Each worker builds its catalogue search index before it takes requests (catalog/selectors.py).
    from hangviet.catalog import selectors

    selectors.warm()
