"""Chief's benchmarks (python -m bench)."""
