from django.apps import AppConfig


class CivicConfig(AppConfig):
    name = "civic"
    verbose_name = "Civic"

    def ready(self) -> None:
        from . import routing

        routing.connect()
