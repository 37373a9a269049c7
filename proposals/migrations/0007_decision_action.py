"""Each moderation decision records the action that made it (a row of the moderation table).

Existing decisions get theirs from the states they moved between, who took them, and the
appeal they decided, as the audit log classified them until now."""

from django.db import migrations, models
from django.db.models import Q

ACTIONS = [
    ("publish", "Published after review"),
    ("reject", "Rejected"),
    ("hide", "Hidden by a moderator"),
    ("auto_hide", "Hidden after reports"),
    ("restore", "Restored"),
    ("dismiss", "Reports dismissed"),
    ("withdraw", "Withdrawn by the author"),
    ("appeal_upheld", "Appeal decided: decision upheld"),
    ("appeal_overturned", "Appeal decided: decision overturned"),
]


def classify(apps, schema_editor):
    Decision = apps.get_model("proposals", "ModerationDecision")
    Appeal = apps.get_model("proposals", "Appeal")
    rows = Decision.objects.all()
    rows.filter(to_state="withdrawn").update(action="withdraw")
    rows.filter(to_state="hidden", moderator__isnull=True).update(action="auto_hide")
    rows.filter(to_state="hidden", moderator__isnull=False).update(action="hide")
    rows.filter(to_state="rejected").update(action="reject")
    rows.filter(to_state="published", from_state="pending").update(action="publish")
    rows.filter(to_state="published", from_state="published").update(action="dismiss")
    rows.filter(to_state="published").exclude(from_state__in=["pending", "published"]).update(
        action="restore"
    )
    for state, action in (("overturned", "appeal_overturned"), ("upheld", "appeal_upheld")):
        decided = Appeal.objects.filter(state=state, decision__isnull=False)
        rows.filter(pk__in=decided.values("decision_id")).update(action=action)


class Migration(migrations.Migration):
    dependencies = [("proposals", "0006_merged_response_keeps_its_survivor")]

    operations = [
        migrations.AddField(
            model_name="moderationdecision",
            name="action",
            field=models.CharField(
                choices=ACTIONS, default="publish", max_length=20, verbose_name="action"
            ),
            preserve_default=False,
        ),
        migrations.RunPython(classify, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="moderationdecision",
            constraint=models.CheckConstraint(
                condition=Q(action__in=[value for value, _label in ACTIONS]),
                name="decision_action_valid",
            ),
        ),
    ]
