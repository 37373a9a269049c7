"""Time to allocate a city-sized budget with each rule (budgets/allocation.py).

    python -m demo.bench.budgets                         # 1,000 projects x 100,000 ballots
    python -m demo.bench.budgets --projects 200 --ballots 20000 --seed 7

A seeded random instance: costs from 20,000 to 2,000,000 in steps of 1,000, a popularity that
falls off like real votes do (a few projects are chosen by many, most by few), knapsack ballots
that pick projects until the next would not fit the voter's limit (the amount over 10). No
database, no Django: the same pure function the count runs. Prints figures, never judges them.
"""

import argparse
import random
import time
from fractions import Fraction

from budgets.allocation import Outcome, Project, Rule, allocate


def random_instance(
    *, projects: int = 1_000, ballots: int = 100_000, seed: int = 2026
) -> tuple[Fraction, list[Project], list[frozenset[int]]]:
    rng = random.Random(seed)
    items = [Project(i, rng.randrange(20, 2_001) * 1_000) for i in range(1, projects + 1)]
    amount = Fraction(sum(p.cost for p in items) // 10 // 1_000 * 1_000)
    limit = amount / 10
    weights = [1 / (rank**0.8) for rank in range(1, projects + 1)]
    rng.shuffle(weights)
    chosen_lists = []
    for _n in range(ballots):
        total, chosen = Fraction(0), set()
        for project in rng.choices(items, weights=weights, k=12):
            if project.id in chosen:
                continue
            if total + project.cost > limit:
                break
            chosen.add(project.id)
            total += project.cost
        chosen_lists.append(frozenset(chosen))
    return amount, items, chosen_lists


def budget_figures(
    *,
    projects: int = 1_000,
    ballots: int = 100_000,
    seed: int = 2026,
    rules: tuple[Rule, ...] = tuple(Rule),
) -> list[tuple[str, float, Outcome]]:
    """(label, seconds, outcome) for each rule on the same random instance."""
    amount, items, chosen = random_instance(projects=projects, ballots=ballots, seed=seed)
    figures = []
    for rule in rules:
        start = time.perf_counter()
        outcome = allocate(rule, amount, items, chosen)
        figures.append((rule.value, time.perf_counter() - start, outcome))
    return figures


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m demo.bench.budgets", description=__doc__)
    parser.add_argument("--projects", type=int, default=1_000)
    parser.add_argument("--ballots", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--rule", choices=[r.value for r in Rule], action="append", help="time only these rules"
    )
    args = parser.parse_args(argv)
    rules = tuple(Rule(r) for r in args.rule) if args.rule else tuple(Rule)
    print(
        f"Allocation of {args.projects:,} projects x {args.ballots:,} ballots (seed {args.seed})",
        flush=True,
    )
    for label, seconds, outcome in budget_figures(
        projects=args.projects, ballots=args.ballots, seed=args.seed, rules=rules
    ):
        extra = ""
        if outcome.voter_share is not None:
            extra = (
                f", share per voter {float(outcome.voter_share):,.2f}"
                f" (raised {outcome.share_raised_by} times)"
            )
        print(
            f"  {label:<13} {seconds:8.2f} s   {len(outcome.selected):4} funded, "
            f"{float(outcome.spent / outcome.amount):.1%} of {float(outcome.amount):,.0f} spent"
            + extra,
            flush=True,
        )


if __name__ == "__main__":
    main()
