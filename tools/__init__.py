"""Build tooling the notebooks never import: copying and building the book, benchmarks, the
reproducibility check and the system-package check. Run from the repository root, e.g.
``python -m tools.bench``; being outside the ``brimech`` package, editing it re-executes nothing.
"""
