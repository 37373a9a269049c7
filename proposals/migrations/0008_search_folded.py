"""Folded title and text for search (civic/text.py `fold`), filled for existing proposals.

The trigram index for similar titles moves from the title to its folded form (PostgreSQL
only; SQLite computes the measure in Python).
"""

from django.db import migrations, models

from civic.text import fold

OLD_INDEX = "proposal_title_trgm_idx"
INDEX = "proposal_search_title_trgm_idx"
BATCH = 2000


def fill(apps, schema_editor):
    Proposal = apps.get_model("proposals", "Proposal")
    rows = Proposal.objects.order_by("pk").values_list("pk", "title", "body")
    last = 0
    while True:
        batch = list(rows.filter(pk__gt=last)[:BATCH])
        if not batch:
            break
        Proposal.objects.bulk_update(
            [
                Proposal(pk=pk, search_title=fold(title), search_body=fold(body))
                for pk, title, body in batch
            ],
            ["search_title", "search_body"],
        )
        last = batch[-1][0]


def trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(f"DROP INDEX IF EXISTS {OLD_INDEX}")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON proposals_proposal "
        "USING gin (search_title gin_trgm_ops)"
    )


def title_index_again(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {OLD_INDEX} ON proposals_proposal "
        "USING gin (title gin_trgm_ops)"
    )


class Migration(migrations.Migration):
    dependencies = [("proposals", "0007_decision_action")]

    operations = [
        migrations.AddField(
            model_name="proposal",
            name="search_title",
            field=models.TextField(
                blank=True, editable=False, verbose_name="title, folded for search"
            ),
        ),
        migrations.AddField(
            model_name="proposal",
            name="search_body",
            field=models.TextField(
                blank=True, editable=False, verbose_name="text, folded for search"
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(trigram_index, title_index_again),
    ]
