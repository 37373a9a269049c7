"""The page tree every Civic site needs: a home page and a consultation index, in English and
Persian; the privacy notice and the accessibility statement (standard pages linked from the
footer, created with a first text when missing); and the publication workflow of
consultations with its staff groups. Created after `migrate` (and after a test flush) so a
fresh site is usable at once. Idempotent: running it again changes nothing, and never undoes
what an administrator set up on purpose.

Publication: members of "Editors" may add and edit consultations under the consultation
indexes but not publish them; they submit them to the workflow "Consultation publication",
whose one task ("Approval by Approvers") the members of "Approvers" approve (which
publishes) or reject with a comment. Wagtail e-mails the editor either way.
"""

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Locale,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from .models import ConsultationIndexPage, HomePage, StandardPage, Topic
from .standard_pages import standard_pages

EDITORS_GROUP = "Editors"
APPROVERS_GROUP = "Approvers"
WORKFLOW_NAME = "Consultation publication"
APPROVAL_TASK_NAME = "Approval by Approvers"

HOME_TITLES = {"en": "Civic", "fa": "Civic"}
INDEX_TITLES = {"en": "Consultations", "fa": "نظرخواهی‌ها"}  # noqa: RUF001 (Persian text)


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
    _ensure_standard_pages(home, locales, default)
    ensure_publication_workflow(list(ConsultationIndexPage.objects.all()))
    return home


def _ensure_standard_pages(home: HomePage, locales: dict[str, Locale], default: Locale) -> None:
    """The privacy notice and accessibility statement in every language, when missing.

    Found by their purpose, so editors may retitle and move them freely.
    """
    for purpose, spec in standard_pages().items():
        page = StandardPage.objects.filter(locale=default, purpose=purpose).first()
        if page is None:
            text = spec.get(default.language_code, spec["en"])
            home.refresh_from_db()
            page = home.add_child(
                instance=StandardPage(
                    slug=spec["slug"],
                    locale=default,
                    purpose=purpose,
                    show_in_menus=True,
                    **text,
                )
            )
            page.save_revision().publish()
        for code, locale in locales.items():
            if locale == default or page.get_translation_or_none(locale) is not None:
                continue
            if home.get_translation_or_none(locale) is None:
                continue
            translated = page.copy_for_translation(locale, copy_parents=False, alias=False)
            for field, value in spec.get(code, spec["en"]).items():
                setattr(translated, field, value)
            translated.draft_title = translated.title
            translated.save_revision().publish()


def _permission(model, codename: str, name: str) -> Permission:
    # Created here if missing: after a test flush this runs before the other apps'
    # post_migrate handlers have recreated their permissions.
    content_type = ContentType.objects.get_for_model(model)
    return Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name}
    )[0]


def _staff_permissions() -> list[Permission]:
    from wagtail.admin.models import Admin
    from wagtail.contrib.simple_translation.models import SimpleTranslation
    from wagtail.documents.models import Document
    from wagtail.images.models import Image

    return [
        _permission(Admin, "access_admin", "Can access Wagtail admin"),
        # "Translate" on a consultation: a draft copy in Persian, published through the
        # same workflow as any consultation.
        _permission(SimpleTranslation, "submit_translation", "Can submit translations"),
        *(
            _permission(Image, f"{action}_image", f"Can {action} image")
            for action in ("add", "change", "choose")
        ),
        *(
            _permission(Document, f"{action}_document", f"Can {action} document")
            for action in ("add", "change", "choose")
        ),
        # Topics and their Persian names, for those who write and translate consultations.
        *(
            _permission(Topic, f"{action}_topic", f"Can {action} topic")
            for action in ("add", "change")
        ),
    ]


def _page_permission(codename: str) -> Permission:
    return _permission(Page, codename, f"Can {codename.replace('_', ' ')}")


@transaction.atomic
def ensure_publication_workflow(indexes: list[Page]) -> Workflow:
    """Groups "Editors" and "Approvers", and the workflow on every consultation index."""
    editors = Group.objects.get_or_create(name=EDITORS_GROUP)[0]
    approvers = Group.objects.get_or_create(name=APPROVERS_GROUP)[0]
    staff_permissions = _staff_permissions()
    editors.permissions.add(*staff_permissions)
    approvers.permissions.add(*staff_permissions)

    # Wagtail's initial data lets "Editors" add and edit every page from the root; ours
    # write consultations only.
    GroupPagePermission.objects.filter(group=editors, page__depth=1).delete()
    # Approvers neither write nor edit consultations (DESIGN.md §4): they approve, and Wagtail
    # publishes an approved revision as them, hence "publish" alone.
    GroupPagePermission.objects.filter(
        group=approvers, permission__codename__in=["add_page", "change_page"]
    ).delete()
    grants = {
        editors: ["add_page", "change_page"],
        approvers: ["publish_page"],
    }
    for group, codenames in grants.items():
        for codename in codenames:
            permission = _page_permission(codename)
            for index in indexes:
                GroupPagePermission.objects.get_or_create(
                    group=group, page=index, permission=permission
                )

    task = GroupApprovalTask.objects.filter(name=APPROVAL_TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=APPROVAL_TASK_NAME)
        task.groups.add(approvers)
    workflow = Workflow.objects.get_or_create(name=WORKFLOW_NAME)[0]
    if not WorkflowTask.objects.filter(workflow=workflow).exists():
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    for index in indexes:
        WorkflowPage.objects.get_or_create(page=index, defaults={"workflow": workflow})
    return workflow
