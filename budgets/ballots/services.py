"""Writes on ballots: cast, change or withdraw a citizen's ballot under a heading.

`ballot_cast` is the one writer, for the page, the tests and anything else. A ballot is the
whole set of chosen projects: each call replaces the stored set with the one given, or, with
an empty set, withdraws the ballot (deletes it), so a citizen can take their vote back while
balloting is open. A set that breaks the rules is refused and nothing changes.

Concurrency: one ballot per voter token and heading is a database constraint. The citizen's
ballot row is locked (`select_for_update`) before its choices are replaced, so two devices of
one citizen changing at once are serialised: the stored ballot is one of the submitted sets,
whole, never a mix. When both create the first ballot at once, the loser of the race hits the
unique constraint, waits for the winner's commit, then locks the winner's row and replaces its
choices. Nothing is shared by all the voters of a heading.
"""

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from budgets.models import Ballot, BallotChoice, BudgetHeading, ResidentArea
from proposals.tokens import voter_token

from . import queries, rules

if TYPE_CHECKING:
    from accounts.models import User
    from consultations.models import Area

LOG_RESIDENT_AREA = "budgets.resident_area.set"
RESIDENT_AREA_PERMISSION = "accounts.upload_census"


def _locked_ballot(*, heading: BudgetHeading, token: str) -> Ballot | None:
    return Ballot.objects.select_for_update().filter(heading=heading, voter_token=token).first()


@transaction.atomic
def ballot_cast(
    *,
    citizen: "User",
    heading: BudgetHeading,
    project_ids: Iterable[int],
    now: datetime | None = None,
) -> Ballot | None:
    """Store `project_ids` as the citizen's ballot under `heading`; returns the ballot, or
    None when an empty set withdrew it (or there was none to withdraw)."""
    now = now or timezone.now()
    rules.check_can_ballot(citizen, heading, now=now)
    wanted = set(project_ids)
    projects = list(queries.ballot_projects(heading).filter(pk__in=wanted))
    if len(projects) != len(wanted):
        raise rules.UnknownProject()
    if wanted:
        rules.check_choice(rules.BallotRule.of(heading), [p.cost for p in projects])
    # Like proposals, ballots belong to the canonical page (headings hang on it already).
    token = voter_token(citizen_id=citizen.pk, consultation_id=heading.consultation_id)
    ballot = _locked_ballot(heading=heading, token=token)
    if not wanted:
        if ballot is not None:
            ballot.delete()
        return None
    if ballot is None:
        try:
            with transaction.atomic():
                ballot = Ballot.objects.create(heading=heading, voter=citizen, voter_token=token)
        except IntegrityError:
            # Another device of the same citizen created it first: change that one.
            ballot = _locked_ballot(heading=heading, token=token)
            if ballot is None:  # pragma: no cover - the winner withdrew it in between
                ballot = Ballot.objects.create(heading=heading, voter=citizen, voter_token=token)
        else:
            BallotChoice.objects.bulk_create(
                [BallotChoice(ballot=ballot, project_id=pk) for pk in sorted(wanted)]
            )
            return ballot
    current = set(ballot.choices.values_list("project_id", flat=True))
    if current != wanted:
        BallotChoice.objects.filter(ballot=ballot, project_id__in=current - wanted).delete()
        BallotChoice.objects.bulk_create(
            [BallotChoice(ballot=ballot, project_id=pk) for pk in sorted(wanted - current)]
        )
    ballot.save(update_fields=["changed_at"])
    return ballot


def ballot_withdraw(
    *, citizen: "User", heading: BudgetHeading, now: datetime | None = None
) -> None:
    """Take the citizen's ballot back (an empty ballot)."""
    ballot_cast(citizen=citizen, heading=heading, project_ids=(), now=now)


@transaction.atomic
def resident_area_set(*, resident: "User", area: "Area", staff: "User") -> ResidentArea:
    """Staff record the area a verified resident lives in (logged in Wagtail's audit log)."""
    if not (staff.is_active and staff.has_perm(RESIDENT_AREA_PERMISSION)):
        raise PermissionDenied
    if not rules.is_verified_resident(resident):
        raise rules.VerificationRequired(
            _("Only a verified resident can have an area of residence.")
        )
    record, _created = ResidentArea.objects.update_or_create(
        user=resident, defaults={"area": area, "set_by": staff}
    )
    log(
        instance=record,
        action=LOG_RESIDENT_AREA,
        user=staff,
        data={"user_id": resident.pk, "area_id": area.pk},
    )
    return record
