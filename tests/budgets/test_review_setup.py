"""Staff set up a budget in the Wagtail page editor: its headings are checked with the page."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.models import Locale

from budgets.models import BudgetHeading, validate_headings
from consultations.models import ConsultationIndexPage, ConsultationPage
from tests.factories import AreaFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user():
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def index():
    return ConsultationIndexPage.objects.get(locale=Locale.get_default())


def page_form(title: str = "Neighbourhood budget", *, headings=(), **fields) -> dict:
    now = timezone.now()

    def when(days: int) -> str:
        return (now + timedelta(days=days)).strftime("%Y-%m-%d %H:%M")

    data = {
        "title": title,
        "slug": title.lower().replace(" ", "-"),
        "summary": "How should we spend the district's money?",
        "body-count": "0",
        "proposals_open": when(1),
        "proposals_close": when(10),
        "voting_open": when(20),
        "voting_close": when(30),
        "responses_due": when(60),
        "moderation": "post",
        "max_supports_per_citizen": "0",
        "response_threshold": "0",
        "response_due_days": "30",
        "auto_hide_reports": "5",
        "min_share": "0",
        "kind": "budget",
        "budget_amount": "250000",
        "currency": "EUR",
        "ballot_rule": "knapsack",
        "allocation_rule": "greedy",
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
        "comments-MIN_NUM_FORMS": "0",
        "comments-MAX_NUM_FORMS": "1000",
        "budget_headings-TOTAL_FORMS": str(len(headings)),
        "budget_headings-INITIAL_FORMS": "0",
        "budget_headings-MIN_NUM_FORMS": "0",
        "budget_headings-MAX_NUM_FORMS": "1000",
        "action-publish": "1",
    }
    for i, heading in enumerate(headings):
        data.update(
            {
                f"budget_headings-{i}-name": heading["name"],
                f"budget_headings-{i}-name_fa": heading.get("name_fa", ""),
                f"budget_headings-{i}-amount": heading["amount"],
                f"budget_headings-{i}-area": heading.get("area", ""),
                f"budget_headings-{i}-id": "",
                f"budget_headings-{i}-ORDER": str(i + 1),
                f"budget_headings-{i}-DELETE": "",
            }
        )
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


def create(client, admin_user, index, data):
    client.force_login(admin_user)
    return client.post(f"/admin/pages/add/consultations/consultationpage/{index.pk}/", data)


def form_errors(reply) -> str:
    form = reply.context["form"]
    parts = [str(form.errors)]
    parts += [str(f.errors) for f in form.formsets["budget_headings"].forms]
    return " ".join(parts)


def test_a_budget_without_headings_gets_one_with_the_whole_amount(client, admin_user, index):
    reply = create(client, admin_user, index, page_form())
    assert reply.status_code == 302, form_errors(reply)
    page = ConsultationPage.objects.get(title="Neighbourhood budget")
    assert page.live
    headings = list(BudgetHeading.objects.filter(consultation=page))
    assert [(h.name, h.amount) for h in headings] == [("Whole budget", Decimal("250000"))]
    assert headings[0].name_fa == "کل بودجه"


def test_headings_that_add_up_are_saved_in_their_order(client, admin_user, index):
    north, south = AreaFactory(name="North"), AreaFactory(name="South")
    data = page_form(
        headings=[
            {"name": "North", "amount": "150000", "area": north.pk},
            {"name": "South", "amount": "100000", "area": south.pk},
        ],
    )
    data["areas"] = [north.pk, south.pk]
    reply = create(client, admin_user, index, data)
    assert reply.status_code == 302, form_errors(reply)
    page = ConsultationPage.objects.get(title="Neighbourhood budget")
    rows = list(page.budget_headings.order_by("sort_order").values_list("name", "amount", "area"))
    assert rows == [
        ("North", Decimal("150000"), north.pk),
        ("South", Decimal("100000"), south.pk),
    ]


def test_headings_that_do_not_add_up_are_refused_with_the_sums(client, admin_user, index):
    data = page_form(
        headings=[{"name": "North", "amount": "150000"}, {"name": "South", "amount": "50000"}]
    )
    reply = create(client, admin_user, index, data)
    assert reply.status_code == 200
    errors = reply.context["form"].errors["budget_amount"]
    assert errors == [
        "The headings' amounts add up to 200,000.00, not to the budget's 250,000.00. "
        "Change an amount so that they add up."
    ]
    assert not ConsultationPage.objects.filter(title="Neighbourhood budget").exists()


def test_a_heading_for_an_area_the_consultation_lacks_is_refused(client, admin_user, index):
    north, elsewhere = AreaFactory(name="North"), AreaFactory(name="Harbour")
    data = page_form(headings=[{"name": "Harbour", "amount": "250000", "area": elsewhere.pk}])
    data["areas"] = [north.pk]
    reply = create(client, admin_user, index, data)
    assert reply.status_code == 200
    heading_form = reply.context["form"].formsets["budget_headings"].forms[0]
    assert heading_form.errors["area"] == [
        "“Harbour” is not one of this consultation's areas: add it to the areas above, "
        "or choose another."
    ]
    assert not ConsultationPage.objects.filter(title="Neighbourhood budget").exists()


def test_two_headings_with_one_name_are_refused(client, admin_user, index):
    data = page_form(
        headings=[{"name": "Parks", "amount": "100000"}, {"name": "parks", "amount": "150000"}]
    )
    reply = create(client, admin_user, index, data)
    assert reply.status_code == 200
    heading_form = reply.context["form"].formsets["budget_headings"].forms[1]
    assert heading_form.errors["name"] == ["Another heading already has this name."]


def test_a_heading_without_an_amount_is_refused(client, admin_user, index):
    data = page_form(headings=[{"name": "Parks", "amount": "0"}])
    reply = create(client, admin_user, index, data)
    assert reply.status_code == 200
    heading_form = reply.context["form"].formsets["budget_headings"].forms[0]
    assert heading_form.errors["amount"] == ["A heading needs an amount to spend."]


def test_a_consultation_of_ideas_ignores_the_budget_section(client, admin_user, index):
    data = page_form(
        "Park ideas",
        kind="ideas",
        budget_amount="",
        headings=[{"name": "Stray", "amount": "5"}],
    )
    reply = create(client, admin_user, index, data)
    assert reply.status_code == 302, form_errors(reply)
    page = ConsultationPage.objects.get(title="Park ideas")
    assert not page.is_budget
    assert list(page.budget_headings.values_list("name", flat=True)) == ["Stray"]


def test_editing_a_budget_checks_the_new_amount_against_its_headings(client, admin_user, index):
    reply = create(client, admin_user, index, page_form())
    assert reply.status_code == 302, form_errors(reply)
    page = ConsultationPage.objects.get(title="Neighbourhood budget")
    heading = page.budget_headings.get()
    data = page_form(budget_amount="300000")
    data.update(
        {
            "budget_headings-TOTAL_FORMS": "1",
            "budget_headings-INITIAL_FORMS": "1",
            "budget_headings-0-id": str(heading.pk),
            "budget_headings-0-name": heading.name,
            "budget_headings-0-name_fa": heading.name_fa,
            "budget_headings-0-amount": "250000",
            "budget_headings-0-area": "",
            "budget_headings-0-ORDER": "1",
            "budget_headings-0-DELETE": "",
        }
    )
    reply = client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert reply.status_code == 200
    assert "not to the budget's 300,000.00" in reply.context["form"].errors["budget_amount"][0]
    data["budget_headings-0-amount"] = "300000"
    reply = client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert reply.status_code == 302, form_errors(reply)
    assert page.budget_headings.get().amount == Decimal("300000")


def test_the_editor_says_the_budget_section_is_for_budgets_only(client, admin_user, index):
    client.force_login(admin_user)
    html = client.get(f"/admin/pages/add/consultations/consultationpage/{index.pk}/").content
    assert "a consultation of ideas ignores everything in this section" in html.decode()


def test_validate_headings_names_both_sums():
    page = ConsultationPage(kind="budget", budget_amount=Decimal("100"))
    validate_headings(page, [BudgetHeading(amount=Decimal("60")), BudgetHeading(amount=40)])
    with pytest.raises(ValidationError, match=r"add up to 90\.00, not to the budget.s 100\.00"):
        validate_headings(page, [BudgetHeading(amount=Decimal("90"))])
