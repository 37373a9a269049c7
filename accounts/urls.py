from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.profile, name="profile"),
    path("activity/", views.activity, name="activity"),
    path("data/", views.data_export, name="data_export"),
    path("delete/", views.delete_account, name="delete"),
]
