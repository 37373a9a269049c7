"""What citizens type, made safe at the boundary, and folded for search.

Every citizen-entered field passes through `clean_text` (proposal title and body, comment,
report and appeal text) or `clean_name` (display names) before it is checked and stored:

- Unicode is normalised: NFC for text (what was typed, in its canonical form), NFKC for names
  (so full-width or "mathematical bold" letters become plain letters a reader can compare).
- Control characters, unpaired surrogates, non-characters and the bidi embedding, override and
  isolate controls (U+202A to U+202E, U+2066 to U+2069) are removed: they never show as text, they
  can reorder what a reader sees (a title that reads differently from what it says), and XML
  1.0 forbids the control characters (the Atom feeds). Line breaks stay in multi-line text;
  a single-line field turns every run of white space into one space. The marks Persian text
  needs (ZWNJ, ZWJ, LRM, RLM) stay.
- A title or name that has nothing visible left is refused by the caller (`has_visible`).
- A display name that reads as a staff badge ("Moderator", "Official", "مدیر", "رسمی", …,
  whatever its case, accents, look-alike letters or separators) is refused (`imitates_staff`).

`fold` is the search form of a text: case and accents removed, Arabic and Persian yeh/kaf one
letter, Arabic-Indic, Persian and Latin digits one set, ZWNJ and tatweel gone. It is only
ever compared with the fold of another text; what the citizen typed is stored unchanged.
"""

import re
import unicodedata

BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Format characters that text needs: ZWNJ and ZWJ (Persian words, emoji), LRM and RLM.
KEPT_FORMAT = frozenset("\u200c\u200d\u200e\u200f")
LINE_BREAKS = ("\r\n", "\r", "\u2028", "\u2029", "\x85", "\x0b", "\x0c")
# Letters and symbols that render as nothing (fillers and blanks), besides white space and
# the format characters.
BLANK_LOOKING = frozenset("\u115f\u1160\u3164\uffa0\u2800\u034f\u180e")


def _drop(char: str) -> bool:
    if char == "\n":
        return False
    if char in KEPT_FORMAT:
        return False
    if char in BIDI_CONTROLS:
        return True
    category = unicodedata.category(char)
    if category in ("Cc", "Cs", "Co", "Cn"):
        return True
    # Other format characters (soft hyphen, zero-width space, BOM, invisible operators,
    # tag characters) only hide or disguise text.
    return category == "Cf"


def clean_text(value, *, multiline: bool = False) -> str:
    """NFC text without control or bidi-override characters; single-line text on one line."""
    text = unicodedata.normalize("NFC", str(value or ""))
    for separator in LINE_BREAKS:
        text = text.replace(separator, "\n")
    text = text.replace("\t", " ")
    if not multiline:
        text = text.replace("\n", " ")
    text = "".join(char for char in text if not _drop(char))
    if multiline:
        lines = [line.rstrip() for line in text.split("\n")]
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return " ".join(text.split())


def clean_name(value) -> str:
    """A display name: NFKC, one line, no control or bidi-override characters."""
    return clean_text(unicodedata.normalize("NFKC", str(value or "")))


def has_visible(text: str) -> bool:
    """True when at least one character of `text` shows as something a reader can see."""
    for char in text:
        if char.isspace() or char in BLANK_LOOKING or char in KEPT_FORMAT:
            continue
        category = unicodedata.category(char)
        if category[0] in "LNPS":
            return True
    return False


# --- Persian folding ------------------------------------------------------------------------

YEH, KAF, HEH, WAW, ALEF = "\u06cc", "\u06a9", "\u0647", "\u0648", "\u0627"
_FOLD_TABLE = {
    0x064A: YEH,  # Arabic yeh
    0x0649: YEH,  # alef maksura
    0x06D2: YEH,  # yeh barree
    0x0643: KAF,  # Arabic kaf
    0x06AA: KAF,  # swash kaf
    0x0629: HEH,  # teh marbuta
    0x06C0: HEH,  # heh with yeh above
    0x06D5: HEH,  # ae (what NFKD leaves of heh with yeh above)
    0x0624: WAW,  # waw with hamza
    0x0623: ALEF,  # alef with hamza above
    0x0625: ALEF,  # alef with hamza below
    0x0671: ALEF,  # alef wasla
    0x200C: None,  # ZWNJ
    0x200D: None,  # ZWJ
    0x0640: None,  # tatweel
    **{0x0660 + digit: str(digit) for digit in range(10)},  # Arabic-Indic digits
    **{0x06F0 + digit: str(digit) for digit in range(10)},  # Persian digits
}


def fold(value) -> str:
    """The search form of a text: compare folds with folds, never store it as the text."""
    # Compatibility forms first (a mathematical script A is A), then case, then once more for
    # what casefold makes.
    text = unicodedata.normalize("NFKD", clean_text(value, multiline=True))
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(char for char in text if not unicodedata.combining(char))
    # Cleaned again: dropping a mark can leave only spaces (a lone accent), and a fold must
    # be its own fold.
    return clean_text(unicodedata.normalize("NFC", text.translate(_FOLD_TABLE)), multiline=True)


# --- staff badges -----------------------------------------------------------------------

# Words of the site's staff badges and of the site itself, in both languages. Persian words
# are matched as whole words (a name such as مدیری is a family name, not a badge); Latin
# words long enough to be unambiguous also inside other words ("TheModerator").
_STAFF_WORDS = frozenset(
    {
        "mod",
        "admin",
        "staff",
        "civic",
        "sysop",
        "webmaster",
        "مدیر",
        "مدیریت",
        "رسمی",
        "ناظر",
        "مسئول",
        "مسوول",
        "پشتیبانی",
        "سیویک",
        "شهرداری",
    }
)
STAFF_INSIDE_WORDS = ("moderator", "official", "administrator", "moderation", "civicteam")
# Cyrillic and Greek letters drawn like Latin ones, then digits and signs used as letters.
_LOOKALIKES = str.maketrans(
    {
        0x0430: "a",
        0x0435: "e",
        0x043E: "o",
        0x0440: "p",
        0x0441: "c",
        0x0456: "i",
        0x04CF: "l",
        0x0455: "s",
        0x0501: "d",
        0x03BF: "o",
        0x03B1: "a",
        0x03B9: "i",
        0x03BD: "v",
        0x03C4: "t",
        "0": "o",
        "1": "i",
        "3": "e",
        "4": "a",
        "5": "s",
        "7": "t",
        "@": "a",
        "$": "s",
        "!": "i",
        "|": "l",
    }
)


def _badge_form(name: str) -> str:
    return fold(clean_name(name)).translate(_LOOKALIKES)


STAFF_WORDS = frozenset(_badge_form(word) for word in _STAFF_WORDS)


def imitates_staff(name: str) -> bool:
    """True when a display name reads as a staff badge or as the site itself."""
    form = _badge_form(name)
    words = re.findall(r"\w+", form.replace("_", " "))
    if any(word in STAFF_WORDS for word in words):
        return True
    latin = "".join(char for char in form if "a" <= char <= "z")
    if any(word in latin for word in STAFF_INSIDE_WORDS):
        return True
    # Separated letters: "M o d e r a t o r", "m.o.d".
    joined = "".join(words)
    return joined in STAFF_WORDS


# --- output -------------------------------------------------------------------------------

_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_safe(value) -> str:
    """Text that XML 1.0 can carry: the characters it forbids are left out (feeds)."""
    return _XML_FORBIDDEN.sub("", str(value or ""))
