from django.urls import path

from proposals.staff import views

app_name = "staff"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:consultation_id>/", views.consultation, name="consultation"),
]
