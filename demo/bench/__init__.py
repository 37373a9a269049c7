"""The city-scale benchmark, `python -m demo.bench` (`make bench`): `runner` seeds its own
database and measures; `similarity` times similar-title lookups."""
