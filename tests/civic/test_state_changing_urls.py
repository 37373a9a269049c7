"""Every state-changing URL of the site, found by walking the URL conf, refuses GET, a POST
without a CSRF token, anonymous visitors and the wrong roles, and lets the right role through.

A URL is state-changing when its view accepts POST. The methods are read from what the
view itself declares: the method list that `require_POST` / `require_http_methods` keep in
their closure, or the handlers of a class-based view. A first-party view that declares no
methods must be listed in READ_ONLY or in URLS, so a new view can never slip past: its
test fails until someone says which role it is for.

Scope: the site's own views (apps of this repository). Wagtail's and allauth's own URLs
are theirs to test; the admin screens the site adds to Wagtail are covered here.
"""

import inspect
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.models import User
from accounts.residents.services import census_upload
from proposals import services
from proposals.moderation import services as moderation
from proposals.notifications.services import unsubscribe_token
from tests.factories import DEFAULT_PASSWORD, UserFactory, make_consultation, make_proposal
from tests.proposals.staff import moderator_of, official_of

FIRST_PARTY = {"accounts", "budgets", "civic", "consultations", "proposals"}
ANY = {"GET", "POST", "PUT", "PATCH", "DELETE"}

# First-party URLs whose views declare no methods but change nothing, with the reason.
READ_ONLY = {
    "terms": "a static page",
    "proposals:feed": "an Atom feed (Django's Feed view answers every method the same)",
    "response:feed": "an Atom feed (Django's Feed view answers every method the same)",
    "response:consultation_feed": "an Atom feed (Django's Feed view answers every method the same)",
}


def walk(patterns, namespace: str = ""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = entry.namespace or ""
            yield from walk(
                entry.url_patterns,
                f"{namespace}:{inner}" if namespace and inner else namespace or inner,
            )
        elif isinstance(entry, URLPattern) and entry.name:
            yield (f"{namespace}:{entry.name}" if namespace else entry.name), entry.callback


def declared_methods(view: Callable) -> set[str] | None:
    """The HTTP methods a view says it accepts, or None when it says nothing."""
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        return {name.upper() for name in view_class.http_method_names if hasattr(view_class, name)}
    seen = set()
    while view is not None and id(view) not in seen:
        seen.add(id(view))
        try:
            closure = inspect.getclosurevars(view).nonlocals
        except TypeError:
            closure = {}
        if "request_method_list" in closure:
            return set(closure["request_method_list"])
        view = inner_view(view)
    return None


def inner_view(view: Callable) -> Callable | None:
    """The function one decorator wraps: functools.wraps leaves it in __wrapped__, others
    (allauth's verified_email_required) only hold it in their closure."""
    inner = getattr(view, "__wrapped__", None)
    if inner is not None:
        return inner
    try:
        nonlocals = inspect.getclosurevars(view).nonlocals
    except TypeError:
        return None
    return next((value for value in nonlocals.values() if inspect.isfunction(value)), None)


def innermost(view: Callable) -> Callable:
    """The view function itself, under all its decorators."""
    seen = set()
    while (inner := inner_view(view)) is not None and id(inner) not in seen:
        seen.add(id(view))
        view = inner
    return view


def first_party_views() -> dict[str, Callable]:
    views = {}
    for name, callback in walk(get_resolver().url_patterns):
        if innermost(callback).__module__.split(".")[0] in FIRST_PARTY:
            views.setdefault(name, callback)
    return views


def state_changing() -> dict[str, set[str]]:
    """URL name -> declared methods, for every first-party view that may take a POST."""
    found = {}
    for name, view in first_party_views().items():
        methods = declared_methods(view)
        if methods is None and name in READ_ONLY:
            continue
        if methods is None or "POST" in methods:
            found[name] = methods or ANY
    return found


STATE_CHANGING = state_changing()


# --- the people and things each URL acts on ------------------------------------------------


class World:
    """A consultation with one of everything, and a person for every role."""

    def __init__(self, phase: str) -> None:
        self.consultation = make_consultation(title="Harbour", phase=phase)
        self.other_consultation = make_consultation(title="Library", phase=phase)
        self.author = UserFactory()
        self.citizen = UserFactory()
        self.unconfirmed = UserFactory(verified=False)
        self.moderator = moderator_of(self.consultation)
        self.second_moderator = moderator_of(self.consultation)
        self.official = official_of(self.consultation)
        self.other_moderator = moderator_of(self.other_consultation)
        self.superuser = UserFactory(is_superuser=True, is_staff=True)
        self.proposal = make_proposal(self.consultation, author=self.author)
        self.comment = services.comment_post(
            author=self.author, proposal=self.proposal, body="A first comment."
        )
        self.pending = make_proposal(self.consultation, author=self.author, state="pending")
        self.rejected = make_proposal(self.consultation, author=self.author, state="pending")
        moderation.moderate(
            action="reject",
            item=self.rejected,
            moderator=self.moderator,
            reason="off_topic",
            text="No.",
        )
        self.rejected.refresh_from_db()
        self.appealed = make_proposal(self.consultation, author=self.author, state="pending")
        moderation.moderate(
            action="reject",
            item=self.appealed,
            moderator=self.moderator,
            reason="off_topic",
            text="No.",
        )
        self.appealed.refresh_from_db()
        self.appeal = moderation.appeal_file(author=self.author, item=self.appealed, text="Look")

    @property
    def slug(self) -> str:
        return self.consultation.slug


@dataclass
class Case:
    """How to call one URL: the role it is for, the wrong roles, arguments and a valid POST."""

    role: str  # World attribute of the person allowed, or "anyone" (the URL's token decides)
    args: Callable[[World], list]
    data: Callable[[World], dict] = lambda world: {}
    wrong: list[str] = field(default_factory=list)
    phase: str = "collecting"
    setup: Callable[[World, Any], None] = lambda world, person: None
    csrf_exempt: str = ""  # the reason, when the view is exempt on purpose


CITIZENS_ONLY = ["unconfirmed"]
MODERATORS_ONLY = ["citizen", "official", "other_moderator"]
OFFICIALS_ONLY = ["citizen", "moderator"]


def pk_of(attribute: str) -> Callable[[World], list]:
    return lambda world: [getattr(world, attribute).pk]


def moderated(attribute: str) -> Callable[[World], list]:
    return lambda world: [world.consultation.pk, "proposal", getattr(world, attribute).pk]


def follow_first(world: World, person) -> None:
    services.follow(follower=person, proposal=world.proposal)


def follow_consultation_first(world: World, person) -> None:
    services.follow(follower=person, consultation=world.consultation)


def support_first(world: World, person) -> None:
    services.support_cast(citizen=person, proposal=world.proposal)


def draft_response_first(world: World, person) -> None:
    from proposals.responses import services as responses

    world.response = responses.response_draft(
        proposal=world.proposal, official=person, outcome="accepted", text="We will do it."
    )


def response_form(world: World) -> dict:
    return {
        "proposal": world.proposal.pk,
        "outcome": "accepted",
        "merged_into": "",
        "text": "We will plant twenty trees next spring.",
        "cost_estimate": "12000",
        "timeline": "Spring 2027",
        "department": "",
        "responsible_official": "",
    }


def budget_first(world: World, person) -> None:
    """The world's consultation as a budget with one heading (its balloting has closed)."""
    from budgets.models import BudgetHeading
    from consultations.models import ConsultationPage

    ConsultationPage.objects.filter(pk=world.consultation.pk).update(
        kind="budget", budget_amount=100_000
    )
    BudgetHeading.objects.create(consultation=world.consultation, name="Harbour", amount=100_000)


def budget_project_first(world: World, person) -> None:
    """A budget with two headings; the world's proposal is a project under the first."""
    from budgets.models import BudgetHeading, Project

    budget_first(world, person)
    first = BudgetHeading.objects.get(consultation=world.consultation)
    first.amount = 60_000
    first.save()
    world.other_heading = BudgetHeading.objects.create(
        consultation=world.consultation, name="Old town", amount=40_000
    )
    world.project = Project.objects.create(proposal=world.proposal, heading=first, cost=20_000)
    world.heading = first


def suspended_citizen_first(world: World, person) -> None:
    from accounts.services import suspend_account

    suspend_account(user=world.citizen, by=world.moderator, reason="Insults.")


def resident_first(world: World, person) -> None:
    from proposals.models import ResidentVerification
    from tests.factories import AreaFactory

    ResidentVerification.objects.create(user=world.author, method="staff")
    world.area = AreaFactory(name="Harbour side")


def user_edit_form(world: World) -> dict:
    return {
        "email": world.author.email,
        "display_name": "Renamed by an administrator",
        "language": "en",
        "email_notifications": "never",
        "is_active": "on",
    }


def proposal_form(world: World) -> dict:
    return {"title": "A bench by the pond", "body": "Somewhere to rest.", "token": "t-1"}


def moderation_act(world: World) -> dict:
    return {"action": "publish"}


def moderation_bulk(world: World) -> dict:
    return {"items": [f"proposal:{world.pending.pk}"], "action": "publish"}


def appeal_decision(world: World) -> dict:
    return {"outcome": "uphold", "text": "It stands."}


URLS: dict[str, Case] = {
    # citizen journey
    "proposals:create": Case("citizen", lambda w: [w.slug], proposal_form, CITIZENS_ONLY),
    "proposals:edit": Case("author", pk_of("proposal"), proposal_form, ["citizen", "unconfirmed"]),
    "proposals:withdraw": Case("author", pk_of("proposal"), wrong=["citizen", "unconfirmed"]),
    "proposals:support": Case("citizen", pk_of("proposal"), wrong=CITIZENS_ONLY, phase="voting"),
    "proposals:unsupport": Case(
        "citizen", pk_of("proposal"), wrong=CITIZENS_ONLY, phase="voting", setup=support_first
    ),
    "proposals:comment": Case(
        "citizen",
        pk_of("proposal"),
        lambda w: {"body": "Good idea", "token": "c-1"},
        CITIZENS_ONLY,
    ),
    "proposals:report": Case(
        "citizen", pk_of("proposal"), lambda w: {"reason": "spam"}, CITIZENS_ONLY
    ),
    "proposals:report_comment": Case(
        "citizen", pk_of("comment"), lambda w: {"reason": "spam"}, CITIZENS_ONLY
    ),
    "proposals:follow": Case("citizen", pk_of("proposal"), wrong=CITIZENS_ONLY),
    "proposals:unfollow": Case("citizen", pk_of("proposal"), setup=follow_first),
    "proposals:follow_consultation": Case("citizen", lambda w: [w.slug], wrong=CITIZENS_ONLY),
    "proposals:unfollow_consultation": Case(
        "citizen", lambda w: [w.slug], setup=follow_consultation_first
    ),
    "notifications:inbox": Case("author", lambda w: []),
    "accounts:profile": Case(
        "citizen",
        lambda w: [],
        lambda w: {"display_name": "Renamed", "language": "en", "email_notifications": "never"},
    ),
    "accounts:delete": Case("citizen", lambda w: [], lambda w: {"password": DEFAULT_PASSWORD}),
    "residents:verify": Case(
        "citizen",
        lambda w: [],
        lambda w: {"identifier": "AB-1234", "factor": "1984"},
        CITIZENS_ONLY,
        setup=lambda w, person: census_upload(
            binary_file=io.BytesIO(b"identifier,birth_year\nAB-1234,1984\n"),
            mode="replace",
            uploaded_by=w.superuser,
        ),
    ),
    "residents_census": Case(
        "superuser",
        lambda w: [],
        lambda w: {"action": "confirm", "email": w.citizen.email},
        ["citizen", "moderator", "official"],
    ),
    "notifications:unsubscribe": Case(
        "anyone",
        lambda w: [unsubscribe_token(w.citizen)],
        csrf_exempt="one-click unsubscribe from an e-mail (RFC 8058): the signed token is the "
        "credential, and the only change possible is fewer e-mails",
    ),
    # moderation, on the public site and in the Wagtail admin
    "moderation:act": Case("moderator", moderated("pending"), moderation_act, MODERATORS_ONLY),
    "civic_moderation_act": Case(
        "moderator", moderated("pending"), moderation_act, MODERATORS_ONLY
    ),
    "moderation:bulk": Case(
        "moderator", lambda w: [w.consultation.pk], moderation_bulk, MODERATORS_ONLY
    ),
    "civic_moderation_bulk": Case(
        "moderator", lambda w: [w.consultation.pk], moderation_bulk, MODERATORS_ONLY
    ),
    "moderation:appeal": Case(
        "second_moderator",
        lambda w: [w.consultation.pk, w.appeal.pk],
        appeal_decision,
        [*MODERATORS_ONLY, "moderator"],  # not the moderator who decided first
    ),
    "civic_moderation_appeal": Case(
        "second_moderator",
        lambda w: [w.consultation.pk, w.appeal.pk],
        appeal_decision,
        [*MODERATORS_ONLY, "moderator"],
    ),
    "moderation:appeal_file": Case(
        "author",
        lambda w: ["proposal", w.rejected.pk],
        lambda w: {"text": "Please look again."},
        ["citizen", "moderator"],
    ),
    # official responses and staff roles
    "response:pick": Case("official", pk_of("proposal"), wrong=OFFICIALS_ONLY),
    "wagtailsnippets_proposals_officialresponse:add": Case(
        "official", lambda w: [], response_form, OFFICIALS_ONLY, phase="deliberating"
    ),
    "wagtailsnippets_proposals_officialresponse:edit": Case(
        "official",
        lambda w: [w.response.pk],
        response_form,
        OFFICIALS_ONLY,
        phase="deliberating",
        setup=draft_response_first,
    ),
    # participatory budgets: "Count now" in the Wagtail admin
    "budgets_count": Case(
        "official",
        lambda w: [w.consultation.pk],
        wrong=OFFICIALS_ONLY,
        phase="deliberating",
        setup=budget_first,
    ),
    "budgets:ballot": Case(
        "citizen",
        lambda w: [w.slug, w.heading.pk],
        lambda w: {"project": [w.project.pk], "cast": "1"},
        CITIZENS_ONLY,
        phase="voting",
        setup=budget_project_first,
    ),
    "budget_projects:edit": Case(
        "official",
        lambda w: [w.project.pk],
        lambda w: {"heading": w.other_heading.pk},
        OFFICIALS_ONLY,
        setup=budget_project_first,
    ),
    "budget_resident_areas": Case(
        "superuser",
        lambda w: [],
        lambda w: {"email": w.author.email, "area": w.area.pk},
        ["citizen", "moderator", "official"],
        setup=resident_first,
    ),
    # suspending an account, lifting it, and roles from the account's admin screen
    "moderation:suspend": Case(
        "moderator",
        lambda w: [w.consultation.pk, w.author.pk],
        lambda w: {"reason": "Insults in every post."},
        MODERATORS_ONLY,
    ),
    "civic_suspensions": Case(
        "superuser",
        lambda w: [],
        lambda w: {"user": w.citizen.pk, "note": "Apologised."},
        ["moderator", "official"],
        setup=suspended_citizen_first,
    ),
    "wagtailusers_users:edit": Case(
        "superuser",
        lambda w: [w.author.pk],
        user_edit_form,
        ["citizen", "moderator", "official"],
    ),
    "consultation_roles": Case(
        "superuser",
        lambda w: [w.consultation.pk],
        lambda w: {"email": w.citizen.email, "role": "moderator"},
        ["citizen", "moderator", "official"],
    ),
}


# Wrong roles that still get through today, each with what should refuse them. Strict xfail:
# once fixed the test passes, fails as XPASS, and the role moves into its case's `wrong`.


# --- what a refusal looks like ---------------------------------------------------------


# Bookkeeping of who is looking, not state: log-in sessions, and Wagtail's record of who has
# an edit form open (it warns two editors of each other).
NOT_STATE = {Session._meta.label, "wagtailadmin.EditingSession"}


def snapshot() -> dict[str, list]:
    """Every row of every table but NOT_STATE: a refusal must leave all of them as they were."""
    rows = {}
    for model in apps.get_models():
        if model._meta.label in NOT_STATE or model._meta.proxy:
            continue
        rows[model._meta.label] = sorted(
            repr(tuple(map(_stable, row))) for row in model._default_manager.values_list()
        )
    return rows


def _stable(value):
    """A StreamField's value compares by its raw data, not by the object's address."""
    raw = getattr(value, "raw_data", None)
    return list(raw) if raw is not None else value


def changed(before: dict, after: dict) -> list[str]:
    return [label for label in before if before[label] != after[label]]


def client_for(person: User | None, *, csrf: bool = False) -> Client:
    client = Client(enforce_csrf_checks=csrf)
    if person is not None:
        client.force_login(person)
    return client


REFUSED = {302, 403, 404}


@pytest.mark.django_db
def test_every_state_changing_url_is_covered():
    not_covered = sorted(set(STATE_CHANGING) - set(URLS))
    assert not not_covered, (
        f"State-changing URLs without a case in URLS: {not_covered}. Add one saying which role "
        "may use it (or, if it changes nothing, declare its methods with require_GET)."
    )
    assert not sorted(set(URLS) - set(STATE_CHANGING)), "URLS names URLs that no longer exist"


@pytest.mark.django_db
def test_only_the_listed_views_are_exempt_from_csrf():
    exempt = {name for name, view in first_party_views().items() if getattr(view, "csrf_exempt", 0)}
    assert exempt == {name for name, case in URLS.items() if case.csrf_exempt}


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(STATE_CHANGING))
def test_state_changing_url_refuses_what_it_must(name):
    case = URLS.get(name)
    assert case is not None, f"{name} changes state but has no case in URLS"
    world = World(case.phase)
    person = None if case.role == "anyone" else getattr(world, case.role)
    case.setup(world, person)
    url = reverse(name, args=case.args(world))
    data = case.data(world)

    def refused(client: Client, method: str = "post") -> int:
        before = snapshot()
        response = getattr(client, method)(url, data if method == "post" else None)
        assert not changed(before, snapshot()), f"{method.upper()} {url} changed something"
        return response.status_code

    # GET never changes anything; a POST-only URL refuses it outright.
    status = refused(client_for(person), "get")
    if "GET" not in STATE_CHANGING[name]:
        assert status == 405
    # A POST without a CSRF token, even by the right person.
    if not case.csrf_exempt:
        assert refused(client_for(person, csrf=True)) == 403
    # Anonymous visitors and the wrong roles.
    if case.role != "anyone":
        assert refused(client_for(None)) in REFUSED
    for wrong in case.wrong:
        assert refused(client_for(getattr(world, wrong))) in REFUSED, f"{wrong} got through"
    # The right person gets through: the refusals above came from the checks, not the data.
    before = snapshot()
    response = client_for(person).post(url, data)
    assert response.status_code < 400, response.content.decode()[:2000]
    assert changed(before, snapshot()), f"POST {url} by {case.role} changed nothing"
