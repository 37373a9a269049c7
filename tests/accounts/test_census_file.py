"""The census CSV reader and the normalisation shared by the upload and the citizen's form."""

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accounts.residents.census import (
    MAX_REPORTED_PROBLEMS,
    CensusFileError,
    CensusReader,
    clean_factor,
    clean_identifier,
    factor_hash,
    identifier_hash,
    normalise,
)


def read(text: str | bytes) -> tuple[CensusReader, list]:
    data = text.encode() if isinstance(text, str) else text
    reader = CensusReader(io.BytesIO(data))
    return reader, list(reader)


def problems_of(text: str | bytes) -> list[str]:
    try:
        reader, _rows = read(text)
    except CensusFileError as exc:
        return exc.problems
    return reader.problems


def test_persian_and_arabic_indic_digits_spaces_dashes_and_case_fold_to_one_form():
    assert normalise(" ۱۲۳-۴۵٦ ") == "123456"
    assert normalise("AB 12\u200c34") == normalise("ab1234") == "ab1234"
    assert clean_factor("postcode", "sw1a 1aa") == clean_factor("postcode", "SW1A-1AA")


def test_the_second_factor_hash_depends_on_the_identifier():
    one, two = clean_identifier("1111111111"), clean_identifier("2222222222")
    assert factor_hash(one, "birth_year", "1980") != factor_hash(two, "birth_year", "1980")
    assert identifier_hash(one) != one and len(identifier_hash(one)) == 64


def test_a_valid_file_yields_one_hashed_row_per_resident():
    reader, rows = read("identifier,birth_year\n1234567890,1985\n\n0987654321,۱۹۹۰\n")
    assert reader.factor_kind == "birth_year"
    assert [row.line for row in rows] == [2, 4]
    assert rows[0].identifier_hash == identifier_hash("1234567890")


def test_a_solar_hijri_year_is_refused_as_out_of_range():
    # ۱۳۹۰ is 1390 of the Iranian calendar: the census uses Gregorian years.
    problem = problems_of("identifier,birth_year\n1234567890,۱۳۹۰\n")[0]
    assert problem.startswith("Line 2: The year of birth must be between 1880 and")


def test_semicolons_a_byte_order_mark_and_header_case_are_accepted():
    reader, rows = read("\ufeffIdentifier ; Postcode\r\nA-1;12345\r\n".encode())
    assert reader.factor_kind == "postcode"
    assert len(rows) == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "The file is empty."),
        ("\n\n", "The file is empty."),
        ("id,year\n1,1980\n", "The first line must be the header"),
        ("identifier,birth_year\n", "The file has a header but no residents."),
        ("identifier,birth_year\n1,1980,x\n", "Line 2 has 3 columns; it needs 2."),
        ("identifier,birth_year\n1,80\n", "Line 2: The year of birth must be four digits"),
        ("identifier,postcode\n,12345\n", "Line 2: The identifier is empty."),
        ("identifier,postcode\n1,12 34 5!\n", "Line 2: The postcode must be up to 16"),
    ],
)
def test_a_bad_file_is_explained(text, expected):
    assert problems_of(text)[0].startswith(expected)


def test_repeated_identifiers_are_reported_with_their_lines():
    text = "identifier,birth_year\n12345,1980\n99,1970\n1 2 3 4 5,1981\n99,1970\n"
    assert problems_of(text) == [
        "Line 4 repeats the identifier of an earlier line.",
        "Line 5 repeats the identifier of an earlier line.",
    ]


@pytest.mark.parametrize("rows", [1, 5000])
def test_a_file_that_is_not_utf8_is_refused(rows):
    text = "identifier,postcode\n" + "".join(f"{n},1234\n" for n in range(rows)) + "Müller,1\n"
    assert problems_of(text.encode("latin-1")) == [
        "The file is not UTF-8 text: save it as “CSV UTF-8” and try again."
    ]


def test_an_endless_line_is_refused_without_reading_it_whole():
    text = "identifier,postcode\n" + "9" * 50_000 + ",1\n"
    assert problems_of(text) == ["Line 2 is longer than 1024 characters."]


def test_problems_are_capped_but_counted():
    text = "identifier,birth_year\n" + "".join(f"{n},bad\n" for n in range(50))
    reader, rows = read(text)
    assert not rows
    assert len(reader.problems) == MAX_REPORTED_PROBLEMS
    assert reader.problem_count == 50


@given(st.binary(max_size=300))
def test_any_bytes_are_either_read_or_explained(data):
    try:
        reader, rows = read(b"identifier,postcode\n" + data)
    except CensusFileError as exc:
        assert exc.problems
        return
    assert reader.rows == len(rows)
    assert rows or reader.problems


PERSIAN_DIGITS = "".join(chr(code) for code in range(0x06F0, 0x06FA))
ARABIC_INDIC_DIGITS = "".join(chr(code) for code in range(0x0660, 0x066A))


@given(
    st.text(
        alphabet=st.sampled_from(f"0123456789{PERSIAN_DIGITS}{ARABIC_INDIC_DIGITS} -\u200c"),
        max_size=30,
    )
)
def test_digits_in_any_script_hash_like_their_latin_form(text):
    latin = normalise(text)
    assert latin.isascii()
    assert normalise(latin) == latin
    if latin:
        assert identifier_hash(clean_identifier(text)) == identifier_hash(clean_identifier(latin))
