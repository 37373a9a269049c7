"""Writes on residents: census uploads, a citizen's census match, staff confirmation."""

from collections.abc import Iterable, Iterator
from itertools import islice

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.log_actions import log

from proposals import services as proposal_services
from proposals.exceptions import JourneyError, LoginRequired, NotAllowed
from proposals.models import ResidentVerification
from proposals.rules import is_citizen, is_verified_resident

from .census import (
    CensusReader,
    CensusRow,
    CensusValueError,
    clean_identifier,
    factor_matches,
    identifier_hash,
)
from .limits import take_attempt
from .models import (
    AttemptOutcome,
    AttemptTally,
    CensusEntry,
    CensusUpload,
    ResidentClaim,
    UploadMode,
)

UPLOAD_PERMISSION = "accounts.upload_census"
LOG_UPLOAD = "residents.census.upload"
LOG_CONFIRM = "residents.staff.confirm"
BATCH = 2000


class NoMatch(JourneyError):
    default_message = _(
        "We found no resident with this identifier and second factor. Check both and try "
        "again, exactly as the city has them."
    )


class IdentifierAlreadyUsed(JourneyError):
    default_message = _(
        "This identifier was already used to verify another account. If it is yours, ask the "
        "city's staff to check it in person."
    )
    status = 409


class AlreadyVerified(JourneyError):
    default_message = _("You are already a verified resident.")
    status = 409


class TooManyAttempts(JourneyError):
    default_message = _("Too many attempts. Please try again later.")
    status = 429

    def __init__(self, retry_after: int) -> None:
        minutes = max(1, -(-retry_after // 60))
        super().__init__(
            ngettext(
                "Too many attempts. You can try again in %(minutes)d minute.",
                "Too many attempts. You can try again in %(minutes)d minutes.",
                minutes,
            )
            % {"minutes": minutes}
        )
        self.retry_after = retry_after


def can_upload_census(user) -> bool:
    """Administrators, and staff given the dedicated permission."""
    return bool(
        user and user.is_authenticated and user.is_active and user.has_perm(UPLOAD_PERMISSION)
    )


def _batches(rows: Iterable[CensusRow]) -> Iterator[list[CensusRow]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, BATCH)):
        yield batch


@transaction.atomic
def census_upload(*, binary_file, mode: str, uploaded_by) -> CensusUpload:
    """Load a census CSV (read line by line) and replace or extend the stored census.

    All or nothing: any problem in the file (raised as `CensusFileError`, with every
    problem's line) leaves the census as it was. Only hashes are written. The upload is
    recorded with its counts in Wagtail's audit log.
    """
    if not can_upload_census(uploaded_by):
        raise NotAllowed(_("Only administrators may upload the census."))
    mode = UploadMode(mode)
    reader = CensusReader(binary_file)
    removed = 0
    if mode == UploadMode.REPLACE:
        removed, _deleted = CensusEntry.objects.all().delete()
    added = updated = 0
    kind = reader.factor_kind.value
    for batch in _batches(reader):
        if reader.problem_count:
            continue  # keep reading to report every problem, write nothing more
        entries = [
            CensusEntry(
                identifier_hash=row.identifier_hash, factor_kind=kind, factor_hash=row.factor_hash
            )
            for row in batch
        ]
        if mode == UploadMode.ADD:
            known = CensusEntry.objects.filter(
                identifier_hash__in=[entry.identifier_hash for entry in entries]
            ).count()
            CensusEntry.objects.bulk_create(
                entries,
                update_conflicts=True,
                unique_fields=["identifier_hash"],
                update_fields=["factor_kind", "factor_hash"],
            )
            updated += known
            added += len(entries) - known
        else:
            CensusEntry.objects.bulk_create(entries)
            added += len(entries)
    reader.raise_problems()
    upload = CensusUpload.objects.create(
        uploaded_by=uploaded_by,
        mode=mode,
        factor_kind=kind,
        rows=reader.rows,
        added=added,
        updated=updated,
        removed=removed,
    )
    log(
        instance=upload,
        action=LOG_UPLOAD,
        user=uploaded_by,
        data={
            "mode": mode.value,
            "second_factor": kind,
            "rows": reader.rows,
            "added": added,
            "updated": updated,
            "removed": removed,
        },
    )
    return upload


def census_factor_kinds() -> list[str]:
    """Second factors the current census uses: of the last replacing upload and later adds."""
    kinds: list[str] = []
    for mode, kind in CensusUpload.objects.values_list("mode", "factor_kind"):
        if kind not in kinds:
            kinds.append(kind)
        if mode == UploadMode.REPLACE:
            break
    return kinds


def _tally(outcome: str) -> None:
    today = timezone.localdate()
    with transaction.atomic():
        changed = AttemptTally.objects.filter(day=today, outcome=outcome).update(
            count=F("count") + 1
        )
        if not changed:
            try:
                with transaction.atomic():
                    AttemptTally.objects.create(day=today, outcome=outcome, count=1)
            except IntegrityError:  # created meanwhile by a parallel attempt
                AttemptTally.objects.filter(day=today, outcome=outcome).update(count=F("count") + 1)


def resident_verify(*, user, identifier: str, factor: str) -> ResidentVerification:
    """A citizen proves residence with their census identifier and second factor.

    Limited per account (`limits.py`); every attempt's outcome is counted per day, without
    the person or what they typed. One account per identifier: the database refuses a
    second claim.
    """
    if not is_citizen(user):
        raise LoginRequired
    if is_verified_resident(user):
        raise AlreadyVerified
    retry_after = take_attempt(user.pk)
    if retry_after is not None:
        _tally(AttemptOutcome.LIMITED)
        raise TooManyAttempts(retry_after)
    try:
        verification = _match_and_claim(user=user, identifier=identifier, factor=factor)
    except NoMatch:
        _tally(AttemptOutcome.NO_MATCH)
        raise
    except IdentifierAlreadyUsed:
        _tally(AttemptOutcome.ALREADY_USED)
        raise
    _tally(AttemptOutcome.VERIFIED)
    return verification


@transaction.atomic
def _match_and_claim(*, user, identifier: str, factor: str) -> ResidentVerification:
    try:
        cleaned = clean_identifier(identifier)
    except CensusValueError as exc:
        raise NoMatch from exc
    hashed = identifier_hash(cleaned)
    entry = CensusEntry.objects.filter(identifier_hash=hashed).first()
    if entry is None or not factor_matches(entry.factor_hash, cleaned, entry.factor_kind, factor):
        raise NoMatch
    claim = ResidentClaim.objects.filter(identifier_hash=hashed).first()
    if claim is not None and claim.user_id != user.pk:
        raise IdentifierAlreadyUsed
    if claim is None:
        try:
            with transaction.atomic():
                ResidentClaim.objects.update_or_create(
                    user=user, defaults={"identifier_hash": hashed}
                )
        except IntegrityError as exc:  # another account claimed it a moment ago
            raise IdentifierAlreadyUsed from exc
    return proposal_services.resident_confirm(user=user, method=ResidentVerification.Method.CENSUS)


@transaction.atomic
def resident_confirm_by_staff(*, user, confirmed_by) -> tuple[ResidentVerification, bool]:
    """The fallback: staff who may manage the census confirm a resident they checked.

    Returns the verification and whether it is new; a new one is written to the audit log.
    """
    if not can_upload_census(confirmed_by):
        raise NotAllowed(_("Only administrators may confirm residents."))
    existed = ResidentVerification.objects.filter(user=user).exists()
    verification = proposal_services.resident_confirm(
        user=user, verified_by=confirmed_by, method=ResidentVerification.Method.STAFF
    )
    if not existed:
        log(instance=verification, action=LOG_CONFIRM, user=confirmed_by, data={"user_id": user.pk})
    return verification, not existed
