# ruff: noqa: RUF001  (Persian topic names)
"""Persian pages used to carry tags of their own ("پارک" beside "parks"), so a Persian topic
filter found none of the proposals, which carry the English page's topics. Where the pair is
known (the demo's topics), the Persian tag becomes the Persian name of its English concept and
what carried it carries the concept; other tags stay concepts of their own. Topics copied from
tags that only images and documents carry are removed, and so are the old taggit rows that
images and documents do not use."""

from django.db import migrations

PERSIAN_NAMES = {
    "پارک": "parks",
    "محیط زیست": "environment",
    "حمل‌ونقل": "mobility",
    "دوچرخه": "cycling",
    "فرهنگ": "culture",
    "کتابخانه": "libraries",
    "بودجه": "budget",
    "فضای عمومی": "public space",
    "درخت": "trees",
    "مدرسه": "schools",
    "ایمنی": "safety",
    "بازار": "markets",
    "خدمات اجتماعی": "social care",
}


def _move(through, persian, concept) -> None:
    """Rows tagged with `persian` are tagged with `concept`, once per object."""
    already = set(through.objects.filter(tag=concept).values_list("content_object_id", flat=True))
    through.objects.filter(tag=persian, content_object_id__in=already).delete()
    through.objects.filter(tag=persian).update(tag=concept)


def map_persian_tags(apps, schema_editor):
    Topic = apps.get_model("consultations", "Topic")
    ConsultationTopic = apps.get_model("consultations", "ConsultationTopic")
    ProposalTopic = apps.get_model("proposals", "ProposalTopic")
    for persian in Topic.objects.filter(name__in=PERSIAN_NAMES):
        concept = Topic.objects.filter(name__iexact=PERSIAN_NAMES[persian.name]).first()
        if concept is None:
            continue
        _move(ConsultationTopic, persian, concept)
        _move(ProposalTopic, persian, concept)
        persian.delete()
        if not concept.name_fa:
            concept.name_fa = persian.name
            concept.save(update_fields=["name_fa"])
    Topic.objects.exclude(pk__in=ConsultationTopic.objects.values("tag_id")).exclude(
        pk__in=ProposalTopic.objects.values("tag_id")
    ).delete()
    Tag = apps.get_model("taggit", "Tag")
    TaggedItem = apps.get_model("taggit", "TaggedItem")
    in_use = TaggedItem.objects.values("tag_id")
    Tag.objects.filter(pk__in=Topic.objects.values("pk")).exclude(pk__in=in_use).delete()
    Tag.objects.filter(name__in=PERSIAN_NAMES).exclude(pk__in=in_use).delete()


def restore_tags(apps, schema_editor):
    """Going back, the topics' taggit rows exist again (the reverse of 0009 needs them); the
    Persian names stay on their concepts."""
    Tag = apps.get_model("taggit", "Tag")
    Topic = apps.get_model("consultations", "Topic")
    for topic in Topic.objects.order_by("pk"):
        if not Tag.objects.filter(pk=topic.pk).exists():
            Tag.objects.create(pk=topic.pk, name=topic.name, slug=topic.slug)


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0007_consultation_topic_concepts"),
        ("proposals", "0009_proposal_topic_concepts"),
    ]

    operations = [migrations.RunPython(map_persian_tags, restore_tags)]
