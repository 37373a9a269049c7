"""Topics are one set of concepts with a name per language: the concept (its slug and English
name) is what pages carry and filters use; the reader sees the name in their language; a
Persian name typed in the admin is its concept, and staff give Persian names in the admin."""

import importlib

import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError, connection, transaction
from django.utils import translation
from wagtail.models import Locale, ModelLogEntry

from consultations.models import ConsultationIndexPage, ConsultationPage, ConsultationTopic, Topic
from consultations.queries import topic_choices
from consultations.site_structure import EDITORS_GROUP
from tests.consultations.test_workflow import admin_form
from tests.factories import UserFactory, make_consultation, make_topic, translate_consultation

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    user = UserFactory(email="editor@example.org", is_staff=True)
    user.groups.add(Group.objects.get(name=EDITORS_GROUP))
    return user


@pytest.fixture
def parks():
    return make_topic("parks", "پارک")


def test_a_topic_reads_in_the_readers_language(parks):
    with translation.override("fa"):
        assert parks.display_name == "پارک"
    with translation.override("en"):
        assert parks.display_name == "parks"
    assert parks.slug == "parks"


def test_a_topic_without_a_persian_name_reads_in_english_on_persian_pages():
    topic = make_topic("markets")
    with translation.override("fa"):
        assert topic.display_name == "markets"


def test_two_topics_cannot_share_a_persian_name(parks):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_topic("green spaces", "پارک")
    make_topic("markets")
    make_topic("schools")  # empty Persian names do not collide


def test_persian_names_are_their_concepts_names(parks):
    assert Topic.concept_names(["پارک", "parks", "new topic"]) == ["parks", "new topic"]


def test_a_translation_carries_the_same_topic_concepts_as_its_page(parks):
    english = make_consultation(title="Park renewal")
    english.topics.add(parks)
    english.save_revision().publish()
    persian = translate_consultation(english, "fa", title="نوسازی پارک")
    assert list(persian.topics.all()) == [parks]
    assert Topic.objects.count() == 1


def test_the_persian_consultation_list_offers_persian_topic_names(client, parks):
    english = make_consultation(title="Park renewal")
    english.topics.add(parks, make_topic("trees", "درخت"))
    english.save_revision().publish()
    translate_consultation(english, "fa", title="نوسازی پارک")
    persian = Locale.objects.get(language_code="fa")
    with translation.override("fa"):
        assert [topic.display_name for topic in topic_choices(persian.pk)] == ["درخت", "پارک"]
    html = client.get("/fa/consultations/").content.decode()
    assert '<option value="parks">پارک</option>' in html
    filtered = client.get("/fa/consultations/", {"topic": "parks"}).content.decode()
    assert "نوسازی پارک" in filtered


def test_the_persian_consultation_page_and_card_show_persian_topic_names(client, parks):
    english = make_consultation(title="Park renewal")
    english.topics.add(parks)
    english.save_revision().publish()
    persian = translate_consultation(english, "fa", title="نوسازی پارک")
    page = client.get(persian.url).content.decode()
    assert '?topic=parks">پارک</a>' in page
    assert '<span class="tag">پارک</span>' in client.get("/fa/consultations/").content.decode()
    assert '<span class="tag">parks</span>' in client.get("/en/consultations/").content.decode()


def test_an_editor_typing_a_persian_topic_name_tags_the_page_with_its_concept(
    client, editor, parks
):
    english = make_consultation(title="Park renewal", live=False)
    index = ConsultationIndexPage.objects.get(locale=Locale.objects.get(language_code="fa"))
    client.force_login(editor)
    form = admin_form("Park renewal fa", "action-submit")
    form["topics"] = "پارک, باغ"
    response = client.post(
        f"/admin/pages/add/consultations/consultationpage/{index.pk}/", form, follow=False
    )
    assert response.status_code == 302
    created = ConsultationPage.objects.get(title="Park renewal fa")
    assert sorted(t.name for t in created.topics.all()) == ["parks", "باغ"]
    assert Topic.objects.filter(name="پارک").count() == 0
    assert english.topics.count() == 0


def test_staff_give_a_topic_its_persian_name_in_the_admin(client, editor):
    topic = make_topic("libraries")
    client.force_login(editor)
    listing = client.get("/admin/snippets/consultations/topic/")
    assert listing.status_code == 200
    assert "libraries" in listing.content.decode()
    response = client.post(
        f"/admin/snippets/consultations/topic/edit/{topic.pk}/",
        {"name": "libraries", "name_fa": "کتابخانه"},
    )
    assert response.status_code == 302
    topic.refresh_from_db()
    assert (topic.name, topic.slug, topic.name_fa) == ("libraries", "libraries", "کتابخانه")
    assert ModelLogEntry.objects.filter(
        action="wagtail.edit", object_id=str(topic.pk), user=editor
    ).exists()


def test_the_admin_refuses_a_persian_name_another_topic_has(client, editor, parks):
    topic = make_topic("green spaces")
    client.force_login(editor)
    response = client.post(
        f"/admin/snippets/consultations/topic/edit/{topic.pk}/",
        {"name": "green spaces", "name_fa": "پارک"},
    )
    assert response.status_code == 200
    assert "Another topic already has this Persian name." in response.content.decode()
    topic.refresh_from_db()
    assert topic.name_fa == ""


def test_a_citizen_cannot_open_the_topics_admin(client):
    client.force_login(UserFactory())
    response = client.get("/admin/snippets/consultations/topic/")
    assert response.status_code in (302, 403)


# --- the data migration: Persian tags of Persian pages become their concepts' names --------


def test_the_migration_maps_known_persian_tags_to_their_english_concepts():
    migration = importlib.import_module("proposals.migrations.0010_persian_topic_names")
    from django.apps import apps

    from tests.factories import make_proposal

    english = make_consultation(title="Park renewal")
    parks, environment = make_topic("parks"), make_topic("environment")
    english.topics.add(parks, environment)
    english.save_revision().publish()
    persian = translate_consultation(english, "fa", title="نوسازی پارک")
    # As the old demo did: the Persian page had tags of its own.
    ConsultationTopic.objects.filter(content_object=persian).delete()
    old_park, own = make_topic("پارک"), make_topic("باغ‌های محله")
    ConsultationTopic.objects.create(content_object=persian, tag=old_park)
    ConsultationTopic.objects.create(content_object=persian, tag=own)
    proposal = make_proposal(english)
    proposal.topics.add(parks)

    migration.map_persian_tags(apps, connection.schema_editor())

    parks.refresh_from_db()
    assert parks.name_fa == "پارک"
    assert not Topic.objects.filter(pk=old_park.pk).exists()
    assert {t.name for t in ConsultationPage.objects.get(pk=persian.pk).topics.all()} == {
        "parks",
        "باغ‌های محله",
    }
    assert list(proposal.topics.all()) == [parks]
    assert Topic.objects.get(pk=own.pk).name_fa == ""


def topics_field_value(client, page) -> str:
    import html
    import re

    response = client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    match = re.search(r'<input[^>]*name="topics"[^>]*>', response.content.decode())
    assert match, "no topics field"
    value = re.search(r'value="([^"]*)"', match.group(0))
    return html.unescape(value.group(1)) if value else ""


@pytest.fixture
def tagged_pages(parks):
    make_topic("public transport", "حمل‌ونقل عمومی")
    make_topic("libraries")  # no Persian name yet
    english = make_consultation(title="Green city")
    english.topics.add("parks", "public transport", "libraries")
    english.save_revision().publish()
    persian = translate_consultation(english, title="شهر سبز")
    return english, persian


def test_the_persian_page_editor_lists_its_topics_by_their_persian_names(
    client, editor, tagged_pages
):
    _english, persian = tagged_pages
    client.force_login(editor)
    value = topics_field_value(client, persian)
    assert "پارک" in value and '"حمل‌ونقل عمومی"' in value
    assert "libraries" in value  # the English name while the Persian one is missing
    assert "parks" not in value and "public transport" not in value


def test_the_english_page_editor_lists_the_english_names(client, editor, tagged_pages):
    english, _persian = tagged_pages
    client.force_login(editor)
    value = topics_field_value(client, english)
    assert "parks" in value and '"public transport"' in value
    assert "پارک" not in value


def test_an_editor_whose_admin_speaks_persian_sees_persian_names(client, editor, tagged_pages):
    from wagtail.users.models import UserProfile

    english, _persian = tagged_pages
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "fa"
    profile.save()
    client.force_login(editor)
    value = topics_field_value(client, english)
    assert "پارک" in value and "parks" not in value


def test_saving_the_persian_page_with_the_names_shown_keeps_its_concepts(
    client, editor, tagged_pages
):
    _english, persian = tagged_pages
    client.force_login(editor)
    shown = topics_field_value(client, persian)
    assert sorted(Topic.concept_names(name.strip().strip('"') for name in shown.split(","))) == [
        "libraries",
        "parks",
        "public transport",
    ]
