"""Public-site URLs of the staff moderation pages (mounted under the language prefix)."""

from django.urls import path

from proposals.moderation import views

app_name = "moderation"

consultation = "consultations/<int:consultation_id>/"
item = "<str:kind>/<int:pk>/"

urlpatterns = [
    path("", views.index, name="index"),
    path(consultation, views.queue, name="queue"),
    path(f"{consultation}bulk/", views.bulk, name="bulk"),
    path(f"{consultation}items/{item}", views.item, name="item"),
    path(f"{consultation}items/{item}act/", views.act, name="act"),
    path(f"{consultation}appeals/<int:pk>/", views.appeal, name="appeal"),
    path(f"{consultation}authors/<int:user_id>/suspend/", views.suspend, name="suspend"),
    path(f"appeal/{item}", views.appeal_file, name="appeal_file"),
]
