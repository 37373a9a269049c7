"""Results pages, "You said, we did" and embeds (inside the language prefix)."""

from django.urls import path

from . import views

app_name = "results"

consultation = "consultations/<str:slug>/results/"

urlpatterns = [
    path("results/", views.site_results, name="site"),
    path("results/responses/", views.responses, name="responses"),
    path("results/embed/<slug:chart>/", views.site_chart_embed, name="site_chart_embed"),
    path(consultation, views.consultation_results, name="consultation"),
    path(f"{consultation}embed/", views.consultation_embed, name="consultation_embed"),
    path(
        f"{consultation}embed/<slug:chart>/",
        views.consultation_chart_embed,
        name="consultation_chart_embed",
    ),
]
