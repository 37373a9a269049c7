"""Participatory budgeting: budget consultations, headings, feasibility, ballots, allocation."""
