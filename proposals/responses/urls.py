"""Public-site URLs of the staff response pages (mounted under the language prefix)."""

from django.urls import path

from proposals.responses import views

app_name = "response"
urlpatterns = [
    path("pick/<int:pk>/", views.pick, name="pick"),
]
