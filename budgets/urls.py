"""Public URLs of participatory budgets (inside the language prefix)."""

from django.urls import include, path

app_name = "budgets"

urlpatterns = [
    path("", include("budgets.results.urls")),
]
