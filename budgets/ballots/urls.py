from django.urls import path

from . import views

consultation = "consultations/<str:slug>/"

urlpatterns = [
    path(f"{consultation}budget/<int:heading_id>/", views.ballot, name="ballot"),
]
