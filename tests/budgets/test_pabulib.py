"""Writing and reading pabulib `.pb` files, and recounting an election from one."""

from decimal import Decimal
from fractions import Fraction

import pytest

from budgets.allocation import Project, Rule, allocate
from budgets.pabulib import (
    PbFormatError,
    PbProject,
    PbVote,
    instance_from_pb,
    pb_chunks,
    pb_comment,
    read_pb,
    write_pb,
)

META = {
    "description": "Civic budget 2027; district North",
    "budget": Decimal("250000.50"),
    "vote_type": "approval",
    "rule": "greedy",
    "currency": "EUR",
    "max_sum_cost": 250000,
}


def test_the_written_file_has_the_three_sections_in_pabulib_order():
    text = write_pb(
        meta=META,
        projects=[(7, 120000, 2, "Trees on Elm Street", True), (9, 200000, 1, "Pool", False)],
        votes=[("tok-a", [7]), ("tok-b", [7, 9])],
        num_votes=2,
    )
    assert text.splitlines() == [
        "META",
        "key;value",
        'description;"Civic budget 2027; district North"',  # quoted: it holds a ;
        "num_projects;2",
        "num_votes;2",
        "budget;250000.5",
        "vote_type;approval",
        "rule;greedy",
        "currency;EUR",
        "max_sum_cost;250000",
        "PROJECTS",
        "project_id;cost;votes;name;selected",
        "7;120000;2;Trees on Elm Street;1",
        "9;200000;1;Pool;0",
        "VOTES",
        "voter_id;vote",
        "tok-a;7",
        "tok-b;7,9",
    ]


def test_round_trip_keeps_meta_projects_and_votes():
    text = write_pb(
        meta=META,
        projects=[
            PbProject("1", Fraction(1999, 2), 1, 'A "quoted"; name', True),
            PbProject("2", Fraction(300), 0, "Ordinary", False),
        ],
        votes=[PbVote("tok-a", ("1",)), PbVote("tok-b", ())],
        num_votes=2,
    )
    parsed = read_pb(text)
    assert parsed.meta["description"] == META["description"]
    assert parsed.meta["num_votes"] == "2"
    assert parsed.meta["budget"] == "250000.5"
    assert parsed.projects == [
        PbProject("1", Fraction(1999, 2), 1, 'A "quoted"; name', True),
        PbProject("2", Fraction(300), 0, "Ordinary", False),
    ]
    assert parsed.votes == [PbVote("tok-a", ("1",)), PbVote("tok-b", ())]


def test_a_name_on_several_lines_is_written_on_one():
    text = write_pb(meta=META, projects=[(1, 5, 0, "Two\r\nlines", False)], votes=[], num_votes=0)
    assert read_pb(text).projects[0].name == "Two lines"
    assert "1;5;0;Two lines;0" in text.splitlines()


def test_the_reader_tolerates_bom_crlf_blank_lines_none_and_decimal_commas():
    text = (
        "\ufeffmeta\r\nkey;value\r\ndescription;Test\r\nbudget;1000,5\r\nvote_type;approval\r\n"
        "rule;greedy\r\n\r\n PROJECTS \r\nproject_id;cost;votes;name;selected;category\r\n"
        '1;400,25;2;"Park; east";1;None\r\n2;700;None;;0;sport\r\n\r\nVOTES\r\n'
        "voter_id;age;vote\r\nv1;33;1, 2\r\nv2;None;1\r\n"
    )
    parsed = read_pb(text.encode("utf-8"))
    assert parsed.meta["budget"] == "1000,5"
    assert parsed.projects[0] == PbProject("1", Fraction(1601, 4), 2, "Park; east", True, {})
    assert parsed.projects[1].votes is None
    assert parsed.projects[1].extra == {"category": "sport"}
    assert parsed.votes == [PbVote("v1", ("1", "2")), PbVote("v2", ("1",))]
    amount, projects, ballots, rule = instance_from_pb(parsed)
    assert amount == Fraction(2001, 2)
    assert projects == [Project(1, Fraction(1601, 4)), Project(2, 700)]
    assert ballots == [frozenset({1, 2}), frozenset({1})]
    assert rule is Rule.GREEDY


def test_a_file_written_elsewhere_recounts_to_its_published_winners():
    # The greedy example of pabulib's own checker: 500 buys 1 (300), skips 2 (400), buys 3.
    text = """META
key;value
description;Test file
country;Poland
unit;City
instance;2024
num_projects;3
num_votes;4
budget;500
vote_type;approval
rule;greedy
PROJECTS
project_id;cost;votes;name;selected
1;300;4;Project A;1
2;400;3;Project B;0
3;200;2;Project C;1
VOTES
voter_id;vote
1;1,2,3
2;1,2
3;1,3
4;1,2
"""
    parsed = read_pb(text)
    published = {int(p.project_id) for p in parsed.projects if p.selected}
    amount, projects, ballots, rule = instance_from_pb(parsed)
    assert set(allocate(rule, amount, projects, ballots).selected) == published == {1, 3}


def test_equal_shares_files_carry_pabulibs_rule_name():
    parsed = read_pb(
        write_pb(meta={**META, "rule": "equalshares/add1"}, projects=[], votes=[], num_votes=0)
    )
    assert instance_from_pb(parsed)[3] is Rule.EQUAL_SHARES


def test_votes_stream_in_chunks_as_they_are_read():
    consumed = []

    def votes():
        for n in range(2500):
            consumed.append(n)
            yield (f"tok-{n}", [1])

    chunks = pb_chunks(
        meta=META,
        projects=[(1, 5, 2500, "One", True)],
        votes=votes(),
        num_votes=2500,
        lines_per_chunk=1000,
    )
    head = next(chunks)
    assert head.endswith("VOTES\nvoter_id;vote\n")
    assert consumed == []
    second = next(chunks)
    assert second.count("\n") == 1000
    assert len(consumed) == 1000
    rest = list(chunks)
    assert len(rest) == 2
    assert len(read_pb(head + second + "".join(rest)).votes) == 2500


def test_a_vote_count_that_contradicts_meta_is_refused():
    with pytest.raises(ValueError, match="said 3 votes but 1"):
        write_pb(meta=META, projects=[], votes=[("a", [1])], num_votes=3)


def test_missing_meta_and_other_vote_types_are_refused():
    with pytest.raises(ValueError, match="currency"):
        write_pb(meta={**META, "currency": ""}, projects=[], votes=[], num_votes=0)
    with pytest.raises(ValueError, match="approval"):
        write_pb(meta={**META, "vote_type": "ordinal"}, projects=[], votes=[], num_votes=0)
    with pytest.raises(ValueError, match="finite decimal"):
        write_pb(meta={**META, "budget": Fraction(1, 3)}, projects=[], votes=[], num_votes=0)


def test_files_civic_cannot_recount_say_why():
    base = "META\nkey;value\nbudget;10\nvote_type;approval\nrule;{rule}\nPROJECTS\n"
    base += "project_id;cost\n{pid};5\nVOTES\nvoter_id;vote\n"
    with pytest.raises(PbFormatError, match="rule 'phragmen'"):
        instance_from_pb(read_pb(base.format(rule="phragmen", pid=1)))
    with pytest.raises(PbFormatError, match="not a number"):
        instance_from_pb(read_pb(base.format(rule="greedy", pid="p1")))
    with pytest.raises(PbFormatError, match="no budget"):
        read_pb("META\nkey;value\nrule;greedy\n")
    with pytest.raises(PbFormatError, match="before the META"):
        read_pb("1;2\nMETA\n")


def test_the_comment_line_says_how_the_count_was_made_and_survives_the_round_trip():
    comment = pb_comment(Rule.EQUAL_SHARES)
    assert comment.startswith("#1: ")
    assert "cost utilities" in comment
    assert "Add1" in comment
    assert "lower project id" in comment
    assert ";" not in comment  # readers that split lines on ; still read it whole
    assert "greedy by votes" in pb_comment("greedy")
    parsed = read_pb(
        write_pb(meta={**META, "comment": comment}, projects=[], votes=[], num_votes=0)
    )
    assert parsed.meta["comment"] == comment
