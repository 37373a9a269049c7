from django import template

from budgets.money import format_amount, format_money

register = template.Library()


@register.filter
def money(amount, currency: str = "") -> str:
    """{{ heading.amount|money:consultation.currency }}: the amount in the reader's digits,
    with the currency's name; without a currency, the amount alone."""
    return format_money(amount, currency) if currency else format_amount(amount)


# --- ballots: the budget's section of its consultation page, and My activity -----------


def _phase_sentence(consultation, phase) -> str:
    from django.utils.translation import gettext as _

    from budgets.phases import BudgetPhase
    from civic.i18n import display_date

    def date(value) -> str:
        return display_date(value, True)

    return {
        BudgetPhase.UPCOMING: _("Proposals can be sent from %(date)s")
        % {"date": date(consultation.proposals_open)},
        BudgetPhase.COLLECTING: _("Proposals for projects can be sent until %(date)s")
        % {"date": date(consultation.proposals_close)},
        BudgetPhase.REVIEWING: _(
            "Officials are reviewing each proposal's feasibility and cost; balloting opens on "
            "%(date)s"
        )
        % {"date": date(consultation.voting_open)},
        BudgetPhase.BALLOTING: _("Balloting is open until %(date)s")
        % {"date": date(consultation.voting_close)},
        BudgetPhase.COUNTING: _("Balloting closed on %(date)s. The ballots are being counted.")
        % {"date": display_date(consultation.voting_close)},
        BudgetPhase.FINISHED: _("The ballots are counted and the results are published."),
    }[phase]


def allocation_rule_in_words(consultation) -> str:
    from django.utils.translation import gettext as _

    if consultation.allocation_rule == consultation.AllocationRule.EQUAL_SHARES:
        return _(
            "Projects are chosen by the Method of Equal Shares: each heading's money is split "
            "equally among its voters, and a project is funded when its supporters' shares can "
            "pay for it. Money left over is then spent on the projects with the most votes."
        )
    return _(
        "Projects are chosen by votes, most votes first; a project that no longer fits the "
        "money left is skipped and the next one is tried."
    )


def ballot_rule_in_words(consultation) -> str:
    from django.utils.translation import gettext as _
    from django.utils.translation import ngettext

    from civic.i18n import localize_digits

    if consultation.ballot_rule == consultation.BallotRule.APPROVAL:
        return ngettext(
            "Under each heading, choose up to %(count)s project.",
            "Under each heading, choose up to %(count)s projects.",
            consultation.max_choices or 0,
        ) % {"count": localize_digits(consultation.max_choices or 0)}
    sentence = _("Under each heading, choose projects whose costs together fit its amount.")
    if consultation.min_share:
        sentence += " " + _("Your choice must use at least %(share)s%% of the amount.") % {
            "share": localize_digits(consultation.min_share)
        }
    return sentence


def _budget_state(page, now):
    """(headings, phase) of the page's budget, read once per page object (two queries)."""
    from budgets.ballots import queries
    from budgets.phases import budget_phase
    from budgets.results.queries import allocated_ids

    cached = getattr(page, "_budget_state", None)
    if cached is None:
        consultation = page.canonical
        headings = queries.headings_of(consultation)
        allocated = consultation.pk in allocated_ids([consultation.pk])
        cached = (headings, budget_phase(consultation.schedule, now, allocated=allocated))
        page._budget_state = cached
    return cached


@register.inclusion_tag("budgets/ballots/phase_badge.html", takes_context=True)
def budget_phase_badge(context, page):
    """The budget's phase as a badge, in the budget's words (not the ideas' "Voting")."""
    from django.utils import timezone

    _headings, phase = _budget_state(page, context.get("now") or timezone.now())
    return {"phase": phase}


@register.inclusion_tag("budgets/ballots/consultation_section.html", takes_context=True)
def budget_section(context, page):
    """The budget on its consultation page: phase, money, rules, and each heading with the
    reader's own ballot there and the link to vote (four queries)."""
    from django.urls import reverse
    from django.utils import timezone

    from budgets.ballots import queries, rules
    from budgets.phases import BudgetPhase

    request = context.get("request")
    user = getattr(request, "user", None)
    consultation = page.canonical
    now = context.get("now") or timezone.now()
    headings, phase = _budget_state(page, now)
    own = queries.own_ballot_headings(user, consultation) if user is not None else {}
    rows = []
    for heading in headings:
        heading.consultation = consultation
        verdict = rules.ballot_verdict(user, heading, now=now)
        rows.append(
            {
                "heading": heading,
                "url": reverse(
                    "budgets:ballot", kwargs={"slug": page.slug, "heading_id": heading.pk}
                ),
                "chosen": own.get(heading.pk, 0),
                "verdict": verdict,
            }
        )
    return {
        "page": page,
        "consultation": consultation,
        "phase": phase,
        "phase_sentence": _phase_sentence(consultation, phase),
        "balloting": phase == BudgetPhase.BALLOTING,
        "allocation_rule": allocation_rule_in_words(consultation),
        "ballot_rule": ballot_rule_in_words(consultation),
        "rows": rows,
        "signed_in": bool(user and user.is_authenticated),
    }


@register.inclusion_tag("budgets/ballots/my_ballots.html", takes_context=True)
def my_ballots_section(context):
    """My activity's "My ballots": each ballot with its projects, total and, while balloting
    is open, the link to change it."""
    from django.urls import reverse
    from django.utils import timezone

    from budgets.ballots import queries, rules

    user = context["request"].user
    now = timezone.now()
    items = []
    for mine in queries.my_ballots(user):
        items.append(
            {
                "mine": mine,
                "url": reverse(
                    "budgets:ballot", kwargs={"slug": mine.page.slug, "heading_id": mine.heading.pk}
                ),
                "open": rules.is_balloting(mine.consultation, now),
            }
        )
    return {"items": items}
