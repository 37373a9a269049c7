from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _after_migrate(sender, using="default", **kwargs) -> None:
    from .site_structure import ensure_site_structure

    ensure_site_structure()


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = _("Consultations")

    def ready(self) -> None:
        # After migrate and after a test flush: the site always has its page tree.
        post_migrate.connect(_after_migrate, sender=self, dispatch_uid="civic-site-structure")
        from . import pagecache
        from .site_pages import connect

        connect()
        pagecache.connect()
