// bench peer: see Benchmarks/README.md
