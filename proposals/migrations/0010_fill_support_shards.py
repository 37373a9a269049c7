"""Set the new support shards from the rows: each consultation's live supports (supports of
its published proposals), spread over the shards by the citizen's id as the services do."""

from django.db import migrations
from django.db.models import Count, F, Value
from django.db.models.functions import Coalesce, Mod

SHARDS = 8  # proposals.models.SUPPORT_SHARDS when this migration was written


def fill(apps, schema_editor):
    Support = apps.get_model("proposals", "Support")
    SupportShard = apps.get_model("proposals", "SupportShard")
    ConsultationTally = apps.get_model("proposals", "ConsultationTally")
    rows = (
        Support.objects.filter(proposal__state="published")
        .annotate(
            consultation=F("proposal__consultation_id"),
            slot=Mod(Coalesce("citizen_id", Value(0)), Value(SHARDS)),
        )
        .values("consultation", "slot")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts: dict[int, dict[int, int]] = {}
    for row in rows:
        counts.setdefault(row["consultation"], {})[row["slot"]] = row["n"]
    ConsultationTally.objects.bulk_create(
        [ConsultationTally(consultation_id=pk) for pk in counts], ignore_conflicts=True
    )
    SupportShard.objects.filter(consultation_id__in=list(counts)).delete()
    SupportShard.objects.bulk_create(
        [
            SupportShard(consultation_id=pk, shard=n, supports=slots.get(n, 0))
            for pk, slots in counts.items()
            for n in range(SHARDS)
        ],
        batch_size=1000,
    )


class Migration(migrations.Migration):
    dependencies = [("proposals", "0009_support_shards")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
