"""The budget's results page, under the consultation (included by budgets/urls.py, so its
names are in the "budgets" namespace: `budgets:results`)."""

from django.urls import path

from . import views

urlpatterns = [
    path("consultations/<str:slug>/budget/results/", views.results, name="results"),
]
