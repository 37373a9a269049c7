"""Census values: normalised, then hashed with a key; and the reader of a census CSV file.

The same normalisation runs on the staff's upload and on what a citizen types, so
" ۱۲۳-۴۵ " in the file and "12345" on the form give the same hash: surrounding and inner
spaces, dashes and invisible format characters (ZWNJ, direction marks) are dropped, letters
are case-folded and Persian or Arabic-Indic digits become Latin ones.

The key is `CENSUS_HASH_KEY` when set, else derived from `SECRET_KEY`. Changing it makes the
stored census and claims unmatchable: upload the census again after a change.
"""

import csv
import hashlib
import hmac
import io
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import SecondFactor

IDENTIFIER_MAX = 64
POSTCODE_MAX = 16
OLDEST_BIRTH_YEAR = 1880
MAX_REPORTED_PROBLEMS = 20
LINE_MAX = 1024  # characters; no valid line comes near it
IDENTIFIER_COLUMN = "identifier"
HEADERS = {(IDENTIFIER_COLUMN, kind.value): kind for kind in SecondFactor}

# Persian (U+06F0-U+06F9) and Arabic-Indic (U+0660-U+0669) digits to Latin ones.
_DIGITS = {0x06F0 + n: str(n) for n in range(10)} | {0x0660 + n: str(n) for n in range(10)}
# Spaces, dashes and invisible format characters (ZWNJ, bidi marks, BOM) carry no meaning
# in an identifier but slip in through copying and typing.
_DROPPED_CATEGORIES = {"Zs", "Zl", "Zp", "Cc", "Cf", "Pd"}


class CensusValueError(ValueError):
    """A value that cannot be a census identifier or second factor; the message says why."""


def normalise(value: str) -> str:
    value = unicodedata.normalize("NFKC", value).translate(_DIGITS)
    kept = (ch for ch in value if unicodedata.category(ch) not in _DROPPED_CATEGORIES)
    return "".join(kept).casefold()


def clean_identifier(raw: str) -> str:
    value = normalise(raw)
    if not value:
        raise CensusValueError(_("The identifier is empty."))
    if len(value) > IDENTIFIER_MAX:
        raise CensusValueError(
            _("The identifier is longer than %(max)d characters.") % {"max": IDENTIFIER_MAX}
        )
    return value


def clean_factor(kind: str, raw: str) -> str:
    value = normalise(raw)
    if kind == SecondFactor.BIRTH_YEAR:
        this_year = timezone.now().year
        if not (len(value) == 4 and value.isascii() and value.isdigit()):
            raise CensusValueError(_("The year of birth must be four digits, such as 1985."))
        if not OLDEST_BIRTH_YEAR <= int(value) <= this_year:
            raise CensusValueError(
                _("The year of birth must be between %(first)d and %(last)d.")
                % {"first": OLDEST_BIRTH_YEAR, "last": this_year}
            )
        return value
    if kind == SecondFactor.POSTCODE:
        if not value:
            raise CensusValueError(_("The postcode is empty."))
        if len(value) > POSTCODE_MAX or not value.isalnum():
            raise CensusValueError(
                _("The postcode must be up to %(max)d letters and digits.") % {"max": POSTCODE_MAX}
            )
        return value
    raise CensusValueError(_("Unknown second factor."))


def _key() -> bytes:
    explicit = getattr(settings, "CENSUS_HASH_KEY", "")
    if explicit:
        return force_bytes(explicit)
    return hashlib.sha256(b"civic.census-hash:" + force_bytes(settings.SECRET_KEY)).digest()


def _hmac(*parts: str) -> str:
    message = "\x00".join(parts).encode()
    return hmac.new(_key(), message, hashlib.sha256).hexdigest()


def identifier_hash(identifier: str) -> str:
    """Hash of an already cleaned identifier."""
    return _hmac("identifier", identifier)


def factor_hash(identifier: str, kind: str, factor: str) -> str:
    """Hash of an already cleaned second factor, bound to its identifier and kind."""
    return _hmac("factor", kind, identifier, factor)


def factor_matches(stored_hash: str, identifier: str, kind: str, raw_factor: str) -> bool:
    try:
        factor = clean_factor(kind, raw_factor)
    except CensusValueError:
        return False
    return hmac.compare_digest(stored_hash, factor_hash(identifier, kind, factor))


# --- the file ---------------------------------------------------------------------------


class CensusFileError(Exception):
    """The file cannot be used; `problems` are the messages to show (already capped)."""

    def __init__(self, problems: list[str], total: int | None = None) -> None:
        self.problems = problems
        self.total = total if total is not None else len(problems)
        super().__init__("; ".join(problems))


@dataclass(frozen=True)
class CensusRow:
    line: int
    identifier_hash: str
    factor_hash: str


@dataclass
class CensusReader:
    """Reads a census CSV from a binary file object, one line at a time.

    The header is read on creation (a wrong one raises `CensusFileError`); iterating yields
    the valid rows, and collects the problems of the others in `problems` (the first
    `MAX_REPORTED_PROBLEMS`; `problem_count` counts all). Repeated identifiers are reported:
    only a compact digest of each identifier seen is held, never the file.
    """

    binary: object
    factor_kind: SecondFactor = field(init=False)
    rows: int = field(init=False, default=0)
    problems: list[str] = field(init=False, default_factory=list)
    problem_count: int = field(init=False, default=0)

    def __post_init__(self) -> None:
        # utf-8-sig drops the byte-order mark that spreadsheet programs write.
        self._text = io.TextIOWrapper(self.binary, encoding="utf-8-sig", newline="")
        try:
            first = self._text.readline(LINE_MAX)
        except UnicodeDecodeError as exc:
            raise CensusFileError(
                [_("The file is not UTF-8 text: save it as “CSV UTF-8” and try again.")]
            ) from exc
        if not first.strip():
            raise CensusFileError([_("The file is empty.")])
        self._delimiter = ";" if first.count(";") > first.count(",") else ","
        header = next(csv.reader([first], delimiter=self._delimiter), [])
        names = tuple(name.strip().lower() for name in header)
        if names not in HEADERS:
            raise CensusFileError(
                [
                    _(
                        "The first line must be the header “identifier,birth_year” or "
                        "“identifier,postcode”; this file starts with “%(header)s”."
                    )
                    % {"header": ",".join(names)[:80]}
                ]
            )
        self.factor_kind = HEADERS[names]

    def _problem(self, message: str) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_REPORTED_PROBLEMS:
            self.problems.append(message)

    def __iter__(self) -> Iterator[CensusRow]:
        seen: set[bytes] = set()
        lines = _LineCounter(self._text)
        reader = csv.reader(lines, delimiter=self._delimiter, strict=True)
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                break
            except UnicodeDecodeError:
                self._problem(
                    _("The file is not UTF-8 text: save it as “CSV UTF-8” and try again.")
                )
                break
            except LineTooLong:
                self._problem(
                    _("Line %(line)d is longer than %(max)d characters.")
                    % {"line": lines.number, "max": LINE_MAX}
                )
                break
            except csv.Error:
                self._problem(
                    _("Line %(line)d is not valid CSV (check its quotes).") % {"line": lines.number}
                )
                break
            line = lines.number
            if not any(cell.strip() for cell in cells):
                continue  # blank line
            if len(cells) != 2:
                self._problem(
                    ngettext(
                        "Line %(line)d has %(count)d column; it needs 2.",
                        "Line %(line)d has %(count)d columns; it needs 2.",
                        len(cells),
                    )
                    % {"line": line, "count": len(cells)}
                )
                continue
            try:
                identifier = clean_identifier(cells[0])
                factor = clean_factor(self.factor_kind, cells[1])
            except CensusValueError as exc:
                self._problem(_("Line %(line)d: %(problem)s") % {"line": line, "problem": exc})
                continue
            hashed = identifier_hash(identifier)
            digest = bytes.fromhex(hashed[:32])
            if digest in seen:
                self._problem(
                    _("Line %(line)d repeats the identifier of an earlier line.") % {"line": line}
                )
                continue
            seen.add(digest)
            self.rows += 1
            yield CensusRow(line, hashed, factor_hash(identifier, self.factor_kind, factor))
        if not self.rows and not self.problem_count:
            self._problem(_("The file has a header but no residents."))

    def raise_problems(self) -> None:
        if self.problem_count:
            raise CensusFileError(self.problems, self.problem_count)


class LineTooLong(Exception):
    pass


class _LineCounter:
    """Feeds csv.reader line by line and remembers the number of the last line read."""

    def __init__(self, text: io.TextIOBase) -> None:
        self._text = text
        self.number = 1  # the header was line 1

    def __iter__(self) -> "_LineCounter":
        return self

    def __next__(self) -> str:
        line = self._text.readline(LINE_MAX)
        if not line:
            raise StopIteration
        self.number += 1
        if len(line) == LINE_MAX and not line.endswith(("\n", "\r")):
            raise LineTooLong
        return line
