"""Public-site URLs of the staff response pages (mounted under the language prefix)."""

from django.urls import path

from . import response_views

app_name = "response"
urlpatterns = [
    path("pick/<int:pk>/", response_views.pick, name="pick"),
]
