from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "proposals"
    verbose_name = _("Proposals")

    def ready(self) -> None:
        # Consultation pages show counts proposals keep; consultations does not import
        # proposals, so proposals hands it the reader.
        from consultations.counts import register_counts_reader

        from .queries import consultation_counts

        register_counts_reader(consultation_counts)

        # Cached public pages are renewed by the writes they show.
        from . import pagecache

        pagecache.connect()
