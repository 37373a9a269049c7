"""Public URLs of participatory budgets (inside the language prefix, before Wagtail's pages):
the ballot of each heading and the budget's results."""

from django.urls import include, path

app_name = "budgets"

urlpatterns = [
    path("", include("budgets.ballots.urls")),
    path("", include("budgets.results.urls")),
]
