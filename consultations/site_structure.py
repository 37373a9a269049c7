"""The page tree every Civic site needs: a home page and a consultation index, in English and
Persian. Created after `migrate` (and after a test flush) so a fresh site is usable at once."""

from django.conf import settings
from django.db import transaction
from wagtail.models import Locale, Page, Site

from .models import ConsultationIndexPage, HomePage

HOME_TITLES = {"en": "Civic", "fa": "سیویک"}
INDEX_TITLES = {"en": "Consultations", "fa": "مشورت‌های عمومی"}


def _ensure_locales() -> dict[str, Locale]:
    return {
        code: Locale.objects.get_or_create(language_code=code)[0] for code, _ in settings.LANGUAGES
    }


def _ensure_translation(page: Page, locale: Locale, title: str) -> Page:
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing
    translated = page.copy_for_translation(locale, copy_parents=False, alias=False)
    translated.title = title
    translated.draft_title = title
    revision = translated.save_revision()
    revision.publish()
    return translated.specific_class.objects.get(pk=translated.pk)


@transaction.atomic
def ensure_site_structure() -> HomePage:
    locales = _ensure_locales()
    default = locales[settings.LANGUAGE_CODE]

    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(title="Root", slug="root", locale=default)

    home = HomePage.objects.filter(locale=default, depth=2).first()
    if home is None:
        # Replace Wagtail's placeholder "Welcome" page, which has no content of ours.
        for page in Page.objects.filter(depth=2, content_type__model="page"):
            page.delete()
        root.refresh_from_db()
        home = root.add_child(
            instance=HomePage(title=HOME_TITLES["en"], slug="home", locale=default)
        )
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name="Civic",
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save(update_fields=["root_page"])

    index = ConsultationIndexPage.objects.filter(locale=default).first()
    if index is None:
        home.refresh_from_db()
        index = home.add_child(
            instance=ConsultationIndexPage(
                title=INDEX_TITLES["en"], slug="consultations", locale=default
            )
        )
    for code, locale in locales.items():
        if locale == default:
            continue
        _ensure_translation(home, locale, HOME_TITLES.get(code, HOME_TITLES["en"]))
        _ensure_translation(index, locale, INDEX_TITLES.get(code, INDEX_TITLES["en"]))
    return home
