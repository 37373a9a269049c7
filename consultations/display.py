"""What the consultation page tells a citizen: the timeline, what they can do now, the rules.

Built from the schedule and the rules; the phase itself always comes from phases.py.
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from civic.i18n import display_date, localize_digits

from .models import ConsultationPage
from .phases import Phase


@dataclass
class Step:
    phase: Phase
    label: str
    starts: datetime | None
    ends: datetime
    status: str  # "done", "current" or "later"

    @property
    def status_label(self) -> str:
        return {"done": _("finished"), "current": _("now"), "later": _("coming")}[self.status]


def _status(starts: datetime | None, ends: datetime, now: datetime) -> str:
    if now >= ends:
        return "done"
    if starts is None or now >= starts:
        return "current"
    return "later"


def timeline(page: ConsultationPage, now: datetime) -> list[Step]:
    """The consultation's windows in order, each finished, current or coming."""
    schedule = page.schedule
    active = schedule.phases(now)
    steps = [
        Step(
            Phase.COLLECTING,
            _("Sending proposals"),
            schedule.proposals_open,
            schedule.proposals_close,
            _status(schedule.proposals_open, schedule.proposals_close, now),
        ),
        Step(
            Phase.VOTING,
            _("Balloting") if page.is_budget else _("Supporting proposals"),
            schedule.voting_open,
            schedule.voting_close,
            _status(schedule.voting_open, schedule.voting_close, now),
        ),
        Step(
            Phase.DELIBERATING,
            _("Counting and results") if page.is_budget else _("Official responses"),
            schedule.voting_close,
            schedule.responses_due,
            "current"
            if Phase.DELIBERATING in active and now >= schedule.voting_close
            else _status(schedule.voting_close, schedule.responses_due, now),
        ),
    ]
    return steps


def citizen_actions(page: ConsultationPage, now: datetime) -> list[str]:
    """Plain sentences: what a citizen can do at `now`, and until when."""
    schedule = page.schedule
    phases = schedule.phases(now)
    sentences = []
    if Phase.UPCOMING in phases:
        sentences.append(
            _("Proposals can be sent from %(date)s")
            % {"date": display_date(schedule.proposals_open, True)}
        )
    if Phase.COLLECTING in phases:
        sentences.append(
            _("You can send proposals until %(date)s")
            % {"date": display_date(schedule.proposals_close, True)}
        )
    budget = page.is_budget
    if Phase.VOTING in phases:
        sentences.append(
            (
                _("You can cast and change your ballots until %(date)s")
                if budget
                else _("You can support proposals until %(date)s")
            )
            % {"date": display_date(schedule.voting_close, True)}
        )
    elif schedule.voting_open > now and Phase.UPCOMING not in phases:
        sentences.append(
            (
                _("Balloting opens on %(date)s")
                if budget
                else _("Supporting proposals opens on %(date)s")
            )
            % {"date": display_date(schedule.voting_open, True)}
        )
    if budget and now >= schedule.voting_close:
        sentences.append(
            _("Balloting has closed. The results show which projects were chosen and why.")
        )
    elif Phase.DELIBERATING in phases and now >= schedule.voting_close:
        sentences.append(
            _("Voting has closed. Official responses are due by %(date)s.")
            % {"date": display_date(schedule.responses_due)}
        )
    elif Phase.DELIBERATING in phases:
        sentences.append(_("Proposals are closed and being reviewed; you can read them."))
    if Phase.CLOSED in phases and not budget:
        sentences.append(
            _("This consultation is closed. You can read its proposals and official responses.")
        )
    return sentences


def rules_in_words(page: ConsultationPage) -> list[str]:
    """The consultation's rules, one plain sentence each."""
    digits = localize_digits
    if page.is_budget:
        # A budget's ballot and allocation rules are told by the budget's own section.
        return [
            _("Only verified residents can send proposals and vote.")
            if page.requires_verified_resident
            else _("Anyone with a confirmed account can send proposals and vote."),
            _(
                "Officials review every proposal's feasibility and cost; only feasible projects "
                "go on the ballot."
            ),
        ]
    rules = []
    if page.requires_verified_resident:
        rules.append(_("Only verified residents can send and support proposals."))
    else:
        rules.append(_("Anyone with a confirmed account can send and support proposals."))
    if page.moderation == ConsultationPage.Moderation.PRE:
        rules.append(_("A moderator reads each proposal before it is published."))
    else:
        rules.append(_("Proposals are published at once; moderators review them afterwards."))
    if page.max_supports_per_citizen:
        rules.append(
            ngettext(
                "You can support %(count)s proposal.",
                "You can support up to %(count)s proposals.",
                page.max_supports_per_citizen,
            )
            % {"count": digits(page.max_supports_per_citizen)}
        )
    else:
        rules.append(_("You can support as many proposals as you like."))
    if page.allow_own_support:
        rules.append(_("You may support your own proposal."))
    else:
        rules.append(_("You cannot support your own proposal."))
    days = ngettext("%(days)s day", "%(days)s days", page.response_due_days) % {
        "days": digits(page.response_due_days)
    }
    if page.response_threshold:
        rules.append(
            ngettext(
                "Every proposal with at least %(count)s support gets an official response "
                "within %(days)s.",
                "Every proposal with at least %(count)s supports gets an official response "
                "within %(days)s.",
                page.response_threshold,
            )
            % {"count": digits(page.response_threshold), "days": days}
        )
    else:
        rules.append(
            _(
                "Staff choose the proposals that get an official response, due within "
                "%(days)s of being chosen."
            )
            % {"days": days}
        )
    rules.append(
        ngettext(
            "Anything reported by %(count)s person is hidden until a moderator reviews it.",
            "Anything reported by %(count)s different people is hidden until a moderator "
            "reviews it.",
            page.auto_hide_reports,
        )
        % {"count": digits(page.auto_hide_reports)}
    )
    return rules
