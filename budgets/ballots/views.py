"""The ballot page of one heading: read it, fill it, cast or change it, withdraw it.

Works without JavaScript: the checkboxes are posted whole, and each project's "Add"/"Remove"
button posts the draft with that one change, so the running total and any warning come back
from the server; nothing is stored until "Cast ballot". static/js/budgets.js keeps the total
live in the browser and announces it. Visitors, citizens who may not vote here and everyone
outside balloting see the ballot read-only with the reason.
"""

from decimal import Decimal

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from budgets.money import currency_name, format_amount, format_money
from budgets.phases import BudgetPhase, budget_phase
from civic.i18n import display_date, localize_digits
from proposals.exceptions import JourneyError
from proposals.views import consultation_for_slug

from . import queries, rules, services
from .forms import BallotForm


def results_url(page) -> str:
    """Where a closed ballot points: the budget's results page when it exists, else the
    consultation page (which links to the results)."""
    try:
        return reverse("budgets:results", kwargs={"slug": page.slug})
    except NoReverseMatch:
        return page.url


def _total(projects, chosen: set[int]) -> Decimal:
    return sum((p.cost for p in projects if p.pk in chosen), start=Decimal(0))


def _closed_message(consultation, now) -> str:
    phase = budget_phase(consultation.schedule, now, allocated=False)
    if phase in {BudgetPhase.UPCOMING, BudgetPhase.COLLECTING, BudgetPhase.REVIEWING}:
        return _("Balloting opens on %(date)s") % {
            "date": display_date(consultation.voting_open, True)
        }
    return _("Balloting closed on %(date)s. The results show which projects were chosen.") % {
        "date": display_date(consultation.voting_close)
    }


def _add_refusal(rule: rules.BallotRule, project, chosen: set[int], projects) -> str:
    """Why a project's "Add" did not add it ('' when it fits)."""
    after = chosen | {project.pk}
    if rule.kind == rules.APPROVAL:
        if rule.max_choices and len(after) > rule.max_choices:
            return ngettext(
                "You can choose at most %(max)s project under this heading; remove one first.",
                "You can choose at most %(max)s projects under this heading; remove one first.",
                rule.max_choices,
            ) % {"max": localize_digits(rule.max_choices)}
        return ""
    total = _total(projects, after)
    if total > rule.amount:
        return _(
            "Adding “%(title)s” (%(cost)s) would bring your ballot to %(total)s; this heading "
            "has %(amount)s."
        ) % {
            "title": project.proposal.title,
            "cost": rule.money(project.cost),
            "total": rule.money(total),
            "amount": rule.money(rule.amount),
        }
    return ""


@require_http_methods(["GET", "POST"])
def ballot(request: HttpRequest, slug: str, heading_id: int) -> HttpResponse:
    page = consultation_for_slug(slug)
    consultation = page.canonical
    if not consultation.is_budget:
        raise Http404
    heading = queries.heading_of(consultation, heading_id)
    if heading is None:
        raise Http404
    heading.consultation = consultation
    now = timezone.now()
    projects = list(queries.ballot_projects(heading))
    verdict = rules.ballot_verdict(request.user, heading, now=now)
    # Shown whenever it exists: after balloting too, a citizen can see what they chose.
    stored = queries.own_choice(request.user, heading)
    here = reverse("budgets:ballot", kwargs={"slug": page.slug, "heading_id": heading.pk})
    rule = rules.BallotRule.of(heading)
    chosen = set(stored or ())
    error = ""
    status = 200

    if request.method == "POST":
        if not verdict:
            error, status = verdict.message, 403
            chosen = set()
        else:
            form = BallotForm(request.POST, project_ids=[p.pk for p in projects])
            if not form.is_valid():
                error, status = str(rules.UnknownProject.default_message), 400
            elif form.cleaned_data["cast"] or form.cleaned_data["withdraw"]:
                wanted = set() if form.cleaned_data["withdraw"] else form.draft()
                try:
                    if not wanted and not form.cleaned_data["withdraw"]:
                        rules.check_choice(rule, [])
                    saved = services.ballot_cast(
                        citizen=request.user, heading=heading, project_ids=wanted, now=now
                    )
                except JourneyError as exc:
                    error, status = str(exc.message), exc.status
                    chosen = wanted
                else:
                    if saved is None:
                        messages.success(request, _("Your ballot was withdrawn."))
                    else:
                        messages.success(
                            request,
                            _("Your ballot is cast. You can change it until %(date)s.")
                            % {"date": display_date(consultation.voting_close, True)},
                        )
                    return redirect(f"{here}#your-ballot" if saved else here)
            else:
                chosen = form.draft()
                added = form.cleaned_data.get("add")
                if added is not None:
                    project = next(p for p in projects if p.pk == added)
                    error = _add_refusal(rule, project, form.draft() - {added}, projects)
                    if error:
                        chosen.discard(added)
                        status = 409

    total = _total(projects, chosen)
    balloting = rules.is_balloting(consultation, now)
    stored_projects = [p for p in projects if stored and p.pk in stored]
    context = {
        "page": page,
        "crumbs": [(page.get_parent().title, page.get_parent().url), (page.title, page.url)],
        "consultation": consultation,
        "heading": heading,
        "projects": projects,
        "chosen": chosen,
        "stored": stored,
        "stored_projects": stored_projects,
        "stored_total": _total(projects, stored or set()),
        "draft_differs": stored is not None and chosen != stored,
        "verdict": verdict,
        "balloting": balloting,
        "after_balloting": not balloting and now >= consultation.voting_close,
        "closed_message": "" if balloting else _closed_message(consultation, now),
        "error": error,
        "rule": rule,
        "total": total,
        "left": rule.amount - total,
        "over": rule.kind == rules.KNAPSACK and total > rule.amount,
        "here": here,
        "login_url": f"{reverse('account_login')}?next={here}",
        "results_url": results_url(page),
        "money_pattern": _("%(amount)s %(currency)s")
        % {"amount": "{amount}", "currency": currency_name(consultation.currency)},
        "amount_text": format_amount(heading.amount),
        "total_text": format_money(total, consultation.currency),
    }
    return render(request, "budgets/ballots/ballot.html", context, status=status)
