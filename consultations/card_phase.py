"""The phase a consultation's card shows in a list (home, consultation list).

A card shows the ideas phase (consultations.phases) unless an app built on consultations words
the phase of its own kind of consultation: a budget speaks of its ballot, not of supports.
That app registers one reader here from its ``AppConfig.ready()`` (budgets does), so
consultations never imports it. A reader answers for a whole list in a fixed number of queries,
and only for the pages it words; the others keep their ideas phase.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from consultations.models import ConsultationPage


@dataclass(frozen=True)
class CardPhase:
    value: str  # names the badge's style: badge--<value>
    label: Any  # a (lazy) translated string


Reader = Callable[[Sequence["ConsultationPage"], datetime], dict[int, CardPhase]]
_readers: list[Reader] = []


def register_card_phase_reader(reader: Reader) -> None:
    """Add a reader of card phases; it answers by page id for the pages it words."""
    if reader not in _readers:
        _readers.append(reader)


def card_phases(pages: Sequence["ConsultationPage"], now: datetime) -> dict[int, CardPhase]:
    """The card phase of every page, by page id."""
    result = {
        page.pk: CardPhase(page.current_phase.value, page.current_phase.label) for page in pages
    }
    for reader in _readers:
        result.update(reader(pages, now))
    return result
