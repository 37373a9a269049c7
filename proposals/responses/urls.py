"""Public-site URLs of the responses domain (mounted under the language prefix): the staff pick
and the Atom feeds of new official responses."""

from django.urls import path

from proposals.responses import views
from proposals.responses.feeds import ConsultationResponsesFeed, ResponsesFeed

app_name = "response"
urlpatterns = [
    path("pick/<int:pk>/", views.pick, name="pick"),
    path("feed/", ResponsesFeed(), name="feed"),
    path("consultations/<str:slug>/feed/", ConsultationResponsesFeed(), name="consultation_feed"),
]
