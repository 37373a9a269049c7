"""Public URLs of the citizen journey (inside the language prefix, before Wagtail's pages)."""

from django.urls import path

from . import views
from .feeds import ConsultationProposalsFeed

app_name = "proposals"

consultation = "consultations/<str:slug>/"

urlpatterns = [
    path(f"{consultation}proposals/", views.proposal_list, name="list"),
    path(f"{consultation}proposals/new/", views.proposal_create, name="create"),
    path(f"{consultation}proposals/similar/", views.similar_fragment, name="similar"),
    path(f"{consultation}proposals/feed/", ConsultationProposalsFeed(), name="feed"),
    path(f"{consultation}follow/", views.follow_consultation, name="follow_consultation"),
    path(f"{consultation}unfollow/", views.unfollow_consultation, name="unfollow_consultation"),
    path("proposals/<int:pk>/", views.proposal_detail, name="detail"),
    path("proposals/<int:pk>/edit/", views.proposal_edit, name="edit"),
    path("proposals/<int:pk>/withdraw/", views.proposal_withdraw, name="withdraw"),
    path("proposals/<int:pk>/support/", views.support, name="support"),
    path("proposals/<int:pk>/unsupport/", views.unsupport, name="unsupport"),
    path("proposals/<int:pk>/comment/", views.comment, name="comment"),
    path("proposals/<int:pk>/report/", views.report, name="report"),
    path(
        "comments/<int:pk>/report/",
        views.report,
        {"target": "comment"},
        name="report_comment",
    ),
    path("proposals/<int:pk>/follow/", views.follow_proposal, name="follow"),
    path("proposals/<int:pk>/unfollow/", views.unfollow_proposal, name="unfollow"),
]
