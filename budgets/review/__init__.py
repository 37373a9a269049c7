"""Feasibility review of a budget's proposals and the projects it puts on the ballot."""
