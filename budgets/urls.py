"""Public URLs of participatory budgets (inside the language prefix, before Wagtail's pages)."""

from django.urls import include, path

app_name = "budgets"

urlpatterns = [
    path("", include("budgets.ballots.urls")),
]
