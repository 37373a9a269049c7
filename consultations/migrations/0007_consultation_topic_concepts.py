"""A consultation's topics point at topic concepts (the rows copied from its tags)."""

import django.db.models.deletion
import modelcluster.contrib.taggit
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("consultations", "0006_topic_from_tags")]

    operations = [
        migrations.AlterField(
            model_name="consultationpage",
            name="topics",
            field=modelcluster.contrib.taggit.ClusterTaggableManager(
                blank=True,
                help_text="A comma-separated list of tags.",
                through="consultations.ConsultationTopic",
                to="consultations.Topic",
                verbose_name="topics",
            ),
        ),
        migrations.AlterField(
            model_name="consultationtopic",
            name="tag",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="%(app_label)s_%(class)s_items",
                to="consultations.topic",
            ),
        ),
    ]
