"""consultations is the base the other apps build on: none of its modules imports proposals
(not at the top, not inside a function), so there is no import circle between the two."""

import ast
from pathlib import Path

import pytest

import consultations
from consultations.counts import Counts, counts_for

APP = Path(consultations.__file__).parent


def imported_modules(source: str) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules.add(node.module)
    return modules


def test_the_walk_finds_imports_inside_functions():
    source = "def f():\n    from proposals.models import Proposal\n    import proposals.rules\n"
    assert imported_modules(source) == {"proposals.models", "proposals.rules"}


@pytest.mark.parametrize("path", sorted(APP.rglob("*.py")), ids=lambda p: str(p.relative_to(APP)))
def test_no_module_of_consultations_imports_proposals(path):
    modules = imported_modules(path.read_text(encoding="utf-8"))
    assert not {m for m in modules if m == "proposals" or m.startswith("proposals.")}


@pytest.mark.django_db
def test_consultation_counts_come_from_the_registered_reader():
    from tests.factories import make_consultation, make_proposal

    consultation = make_consultation(phase="voting")
    make_proposal(consultation)
    counts = counts_for([consultation.pk])[consultation.pk]
    assert counts == Counts(proposals=1, supports=0, responses=0, comments=0)
