"""The read-only public API, under /api/v1/."""

from django.urls import path, re_path

from . import views

app_name = "api"

urlpatterns = [
    path("consultations/", views.ConsultationList.as_view(), name="consultation-list"),
    path("consultations/<int:pk>/", views.ConsultationDetail.as_view(), name="consultation"),
    path("proposals/", views.ProposalList.as_view(), name="proposal-list"),
    path("proposals/<int:pk>/", views.ProposalDetail.as_view(), name="proposal"),
    path("responses/", views.ResponseList.as_view(), name="response-list"),
    path("topics/", views.TopicList.as_view(), name="topic-list"),
    path("areas/", views.AreaList.as_view(), name="area-list"),
    path("schema/", views.SchemaView.as_view(), name="schema"),
    path("docs/", views.DocsView.as_view(), name="docs"),
    # Any other path ending in "/" (so a missing slash is still redirected): a JSON 404.
    re_path(r"^(?:.*/)?$", views.NotFoundView.as_view(), name="not_found"),
]
