"""Default public reasons for moderators, in English and Persian (staff edit them as snippets)."""

from django.db import migrations

DEFAULT_REASONS = [
    (
        "spam",
        "Spam or advertising",
        "This is spam or advertising, not a contribution to the consultation.",
        "این متن هرزنامه یا تبلیغ است، نه مشارکت در این نظرخواهی.",
    ),
    (
        "offensive",
        "Insults or attacks",
        "It insults or attacks people. Criticise ideas, not persons.",
        "به دیگران توهین یا حمله می‌کند. از ایده‌ها انتقاد کنید، نه از آدم‌ها.",  # noqa: RUF001
    ),
    (
        "off_topic",
        "Off topic",
        "It is not about the subject of this consultation.",
        "به موضوع این نظرخواهی مربوط نیست.",
    ),
    (
        "personal_data",
        "Personal data",
        "It reveals personal data about someone, such as an address or a phone number.",
        "اطلاعات شخصی کسی را، مانند نشانی یا شماره تلفن، فاش می‌کند.",
    ),
    (
        "duplicate",
        "Duplicate proposal",
        "The same proposal already exists in this consultation: please support that one.",
        "همین پیشنهاد پیش‌تر در این نظرخواهی ثبت شده است؛ لطفاً از همان حمایت کنید.",
    ),
    (
        "other",
        "Breaks the rules",
        "It breaks the participation rules of this consultation.",
        "قوانین مشارکت در این نظرخواهی را رعایت نمی‌کند.",
    ),
]


def add_reasons(apps, schema_editor):
    ModerationReason = apps.get_model("proposals", "ModerationReason")
    for order, (code, label, text, text_fa) in enumerate(DEFAULT_REASONS):
        ModerationReason.objects.get_or_create(
            label=label,
            defaults={"code": code, "text": text, "text_fa": text_fa, "sort_order": order * 10},
        )


def remove_reasons(apps, schema_editor):
    ModerationReason = apps.get_model("proposals", "ModerationReason")
    ModerationReason.objects.filter(label__in=[row[1] for row in DEFAULT_REASONS]).delete()


class Migration(migrations.Migration):
    dependencies = [("proposals", "0004_staff_appeals_responses_assignments")]

    operations = [migrations.RunPython(add_reasons, remove_reasons)]
