"""Every tag becomes a topic with the same id, name and slug, so the ids and slugs of the API
and open data stay what they were. Tags that only images and documents carry are removed from
the topics once proposals point at theirs (proposals/migrations/0010)."""

from django.core.management.color import no_style
from django.db import migrations


def copy_tags(apps, schema_editor):
    Tag = apps.get_model("taggit", "Tag")
    Topic = apps.get_model("consultations", "Topic")
    Topic.objects.bulk_create(
        Topic(pk=tag.pk, name=tag.name, slug=tag.slug) for tag in Tag.objects.order_by("pk")
    )
    # Rows were written with their ids: the next new topic continues after them.
    connection = schema_editor.connection
    for sql in connection.ops.sequence_reset_sql(no_style(), [Topic]):
        schema_editor.execute(sql)


def copy_topics_back(apps, schema_editor):
    Tag = apps.get_model("taggit", "Tag")
    Topic = apps.get_model("consultations", "Topic")
    for topic in Topic.objects.order_by("pk"):
        if not Tag.objects.filter(pk=topic.pk).exists():
            Tag.objects.create(pk=topic.pk, name=topic.name, slug=topic.slug)
    Topic.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0005_topic"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(copy_tags, copy_topics_back)]
