"""The consultations step of `manage.py seed_demo`: every phase, Persian too, workflow states,
staff roles on every consultation; idempotent and deterministic."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Locale, PageLogEntry, WorkflowState

from accounts.models import User
from consultations.models import Area, ConsultationPage, Department, Topic
from consultations.phases import Phase
from consultations.roles import has_role
from demo.steps import consultations as consultations_demo

pytestmark = pytest.mark.django_db

SMALL = ["--proposals", "0", "--citizens", "1", "--supports", "0"]


def seed(consultations: int = 6, *extra: str) -> str:
    out = io.StringIO()
    call_command(
        "seed_demo", "--force", "--consultations", str(consultations), *SMALL, *extra, stdout=out
    )
    return out.getvalue()


@pytest.fixture(scope="module")
def six(django_db_setup, django_db_blocker):
    """Six demo consultations seeded once for the tests here that only read them, rolled back
    afterwards (seeding is the slow part)."""
    from django.db import transaction

    from tests.factories import clear_cache

    with django_db_blocker.unblock():
        with transaction.atomic():
            seed(6)
            yield
            transaction.set_rollback(True)
        clear_cache()


def live_english() -> list[ConsultationPage]:
    """The live ideas consultations in English (the budgets step adds its own budgets)."""
    return list(
        ConsultationPage.objects.live()
        .filter(locale__language_code="en", kind="ideas")
        .order_by("pk")
    )


def test_demo_consultations_cover_every_phase(six):
    now = timezone.now()
    assert {page.phase_at(now) for page in live_english()} == set(Phase)


def test_one_consultation_closes_within_a_week_so_the_home_page_warns(six, client):
    response = client.get("/en/")
    assert response.status_code == 200
    assert any(page.closing_soon for page in response.context["open_consultations"])


def test_every_demo_consultation_has_a_published_persian_translation(six):
    persian = Locale.objects.get(language_code="fa")
    for page in live_english():
        translated = page.get_translation_or_none(persian)
        assert translated is not None and translated.live
        translated = translated.specific
        assert translated.title != page.title
        assert any("\u0600" <= ch <= "\u06ff" for ch in translated.summary)
        # The same topic concepts as the English page, each with a Persian name to show.
        assert set(translated.topics.all()) == set(page.topics.all())
        assert all(topic.name_fa for topic in translated.topics.all())


def test_the_demo_shows_persian_topic_names_on_persian_pages(six, client):
    persian = Locale.objects.get(language_code="fa")
    english = live_english()[0]
    translated = english.get_translation(persian).specific
    html = client.get(translated.url).content.decode()
    for topic in english.topics.all():
        assert f'?topic={topic.slug}">{topic.name_fa}</a>' in html
    assert Topic.objects.filter(name_fa="").count() == 0
    assert Topic.objects.count() == len(consultations_demo.TOPICS)


def test_demo_consultations_have_rich_bodies_topics_areas_and_a_department(six):
    for page in live_english():
        assert {"paragraph", "fact_box", "quote", "faq"} <= {
            block.block_type for block in page.body
        }
        assert page.topics.exists()
        assert page.areas.exists()
        assert page.department is not None
        assert page.contact


def test_areas_and_departments_have_persian_names(six):
    assert Area.objects.count() >= 5
    assert not Area.objects.filter(name_fa="").exists()
    assert not Department.objects.filter(name_fa="").exists()


def test_consultations_are_published_through_revisions_by_the_approver(six):
    editor = User.objects.get(email="editor@example.org")
    approver = User.objects.get(email="approver@example.org")
    for page in live_english():
        assert page.live_revision.user == editor
        published = PageLogEntry.objects.filter(page=page, action="wagtail.publish").get()
        assert published.user == approver


def test_one_waits_for_approval_and_one_was_sent_back_to_its_editor(six):
    editor = User.objects.get(email="editor@example.org")
    waiting = ConsultationPage.objects.get(slug="cycle-parking-hubs")
    sent_back = ConsultationPage.objects.get(slug="night-bus-routes")
    assert not waiting.live and not sent_back.live
    assert WorkflowState.objects.for_instance(waiting).get().status == "in_progress"
    rejected = WorkflowState.objects.for_instance(sent_back).get()
    assert rejected.status == "needs_changes"
    assert rejected.requested_by == editor
    assert "costs" in rejected.current_task_state.comment


def test_demo_editor_and_approver_are_in_their_workflow_groups(six):
    editor = User.objects.get(email="editor@example.org")
    approver = User.objects.get(email="approver@example.org")
    assert editor.groups.filter(name="Editors").exists()
    assert approver.groups.filter(name="Approvers").exists()


def test_demo_moderator_and_official_hold_their_role_on_every_consultation(six):
    moderator = User.objects.get(email="moderator@example.org")
    official = User.objects.get(email="official@example.org")
    for page in live_english():
        assert has_role(moderator, page, "moderator")
        assert has_role(official, page, "official")
        assert not has_role(moderator, page, "official")
