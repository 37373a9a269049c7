import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civic.settings.production")

application = get_wsgi_application()

# Everything loaded so far (Django, Wagtail, the models, the URL patterns: about 190,000
# objects) lives as long as the worker. Left to the garbage collector, each of its full
# passes walks them all again, several milliseconds that land on whichever request is running
# (about a quarter of a proposal list's time). Frozen, a pass walks only what requests make.
gc.freeze()
