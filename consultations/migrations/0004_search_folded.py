"""Title and summary in folded form (civic/text.py `fold`), filled for existing pages."""

from django.db import migrations, models

from civic.text import fold


def fill(apps, schema_editor):
    ConsultationPage = apps.get_model("consultations", "ConsultationPage")
    for pk, title, summary in ConsultationPage.objects.values_list("pk", "title", "summary"):
        ConsultationPage.objects.filter(pk=pk).update(search_text=fold(f"{title}\n{summary}"))


class Migration(migrations.Migration):
    dependencies = [("consultations", "0003_standard_page")]

    operations = [
        migrations.AddField(
            model_name="consultationpage",
            name="search_text",
            field=models.TextField(
                blank=True, editable=False, verbose_name="title and summary, folded"
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
    ]
