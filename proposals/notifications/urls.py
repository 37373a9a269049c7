"""The inbox and the one-click unsubscribe (mounted under the language prefix)."""

from django.urls import path

from proposals.notifications import views

app_name = "notifications"

urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
