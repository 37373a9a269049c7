"""What consultation pages count (proposals, supports, responses, comments), without knowing
who stores the counts.

The counted rows belong to apps built on consultations, and consultations never imports them.
The app that keeps the counts registers one reader here from its ``AppConfig.ready()``
(proposals does); pages ask ``counts_for``. A reader answers for many consultations at once,
in a fixed number of queries. Without a reader (a site without proposals) every count is 0.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass
class Counts:
    proposals: int = 0
    supports: int = 0
    responses: int = 0
    comments: int = 0


Reader = Callable[[list[int]], dict[int, Counts]]
_readers: list[Reader] = []


def register_counts_reader(reader: Reader) -> None:
    """Set the function that reads the counts of canonical consultation ids (one only)."""
    _readers[:] = [reader]


def counts_for(canonical_ids: Iterable[int]) -> dict[int, Counts]:
    """Stored counts per canonical consultation; every id is in the answer."""
    ids = list(dict.fromkeys(canonical_ids))
    result = {pk: Counts() for pk in ids}
    if ids and _readers:
        result.update(_readers[0](ids))
    return result
