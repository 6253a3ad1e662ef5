"""netnat's benchmarks: `python -m bench` runs netnat against netavark and the CNI plugins."""
