"""Topics become concepts of their own (`Topic`, a django-taggit tag model) with a Persian
name beside the default-language one."""

import modelsearch.index
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("consultations", "0004_search_folded")]

    operations = [
        migrations.CreateModel(
            name="Topic",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=100, unique=True, verbose_name="name")),
                (
                    "slug",
                    models.SlugField(
                        allow_unicode=True, max_length=100, unique=True, verbose_name="slug"
                    ),
                ),
                (
                    "name_fa",
                    models.CharField(
                        blank=True,
                        help_text="Shown on Persian pages; the English name is shown while "
                        "this is empty.",
                        max_length=100,
                        verbose_name="name in Persian",
                    ),
                ),
            ],
            options={
                "verbose_name": "topic",
                "verbose_name_plural": "topics",
                "ordering": ["name"],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("name_fa", ""), _negated=True),
                        fields=("name_fa",),
                        name="topic_name_fa_unique",
                        violation_error_message="Another topic already has this Persian name.",
                    )
                ],
            },
            bases=(modelsearch.index.Indexed, models.Model),
        ),
    ]
