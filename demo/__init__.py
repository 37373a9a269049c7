"""Demo data and the benchmark: `manage.py seed_demo` (DESIGN.md §8) and `make bench`.

Nothing here is imported by the domain apps; this app only calls their services, rules and
models, so the demo and the bench use the same rules as the site.
"""
