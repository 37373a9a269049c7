"""A proposal's topics point at topic concepts (the rows copied from its tags)."""

import django.db.models.deletion
import taggit.managers
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0006_topic_from_tags"),
        ("proposals", "0008_search_folded"),
    ]

    operations = [
        migrations.AlterField(
            model_name="proposal",
            name="topics",
            field=taggit.managers.TaggableManager(
                blank=True,
                help_text="A comma-separated list of tags.",
                related_name="proposals",
                through="proposals.ProposalTopic",
                to="consultations.Topic",
                verbose_name="topics",
            ),
        ),
        migrations.AlterField(
            model_name="proposaltopic",
            name="tag",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="%(app_label)s_%(class)s_items",
                to="consultations.topic",
            ),
        ),
    ]
