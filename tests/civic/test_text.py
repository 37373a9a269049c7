"""civic/text.py: what is removed, what is refused, and what folds together."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from civic.text import BIDI_CONTROLS, clean_name, clean_text, fold, has_visible, imitates_staff


def test_control_characters_and_bidi_overrides_are_removed():
    assert clean_text("Bench\x00 by\u202e the\u2066 pond\x1b") == "Bench by the pond"


def test_multiline_text_keeps_its_line_breaks_and_persian_marks():
    text = "سلام\r\nمی\u200cخواهم\u200f\n\n\n\nend"  # noqa: RUF001
    assert clean_text(text, multiline=True) == "سلام\nمی\u200cخواهم\u200f\n\nend"  # noqa: RUF001


def test_single_line_text_becomes_one_line():
    assert clean_text(" A\n\tlong\u2028title ") == "A long title"


def test_text_is_stored_in_nfc():
    assert clean_text("Cafe\u0301") == "Caf\u00e9"


def test_names_are_nfkc():
    assert clean_name("\uff33\uff41\uff52\uff41") == "Sara"


@pytest.mark.parametrize("text", ["", "   ", "\u200c\u200d", "\u3164", "\u2800\u200e", "\u115f"])
def test_invisible_text_has_nothing_visible(text):
    assert not has_visible(clean_name(text))


@pytest.mark.parametrize(
    "name",
    [
        "Moderator",
        "MODERATOR",
        "M0derat0r",
        "Mod\u0435rator",  # Cyrillic e
        "\U0001d40c\U0001d428\U0001d41d",  # mathematical bold "Mod"
        "Official",
        "The Official Team",
        "Civic",
        "civic_staff",
        "A d m i n",
        "مدیر",
        "مُدیر",
        "مدير سایت",  # Arabic yeh
        "رسمی",
        "ناظر محتوا",
        "مسئول",
    ],
)
def test_names_that_read_as_staff_badges_are_recognised(name):
    assert imitates_staff(name)


@pytest.mark.parametrize(
    "name", ["Sara Ahmadi", "مدیری", "Modiri", "Badminton fan", "Olivia", "رضا", "Civilian"]
)
def test_ordinary_names_are_not_staff_badges(name):
    assert not imitates_staff(name)


def test_fold_joins_persian_and_arabic_forms():
    assert fold("كتابخانه") == fold("کتابخانه")
    assert fold("علي") == fold("علی")
    assert fold("۱۲۳") == fold("١٢٣") == fold("123") == "123"
    assert fold("می\u200cخواهم") == fold("میخواهم")  # noqa: RUF001
    assert fold("پـــارک") == fold("پارک")
    assert fold("CAFÉ") == fold("cafe")


@given(st.text())
def test_cleaned_text_has_no_controls_or_overrides(text):
    for multiline in (False, True):
        cleaned = clean_text(text, multiline=multiline)
        assert not any(char in BIDI_CONTROLS for char in cleaned)
        assert all(char == "\n" or ord(char) >= 32 for char in cleaned)
        assert not any(0x7F <= ord(char) < 0xA0 for char in cleaned)
        assert clean_text(cleaned, multiline=multiline) == cleaned


@given(st.text())
def test_fold_is_stable(text):
    assert fold(fold(text)) == fold(text)
