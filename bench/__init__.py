"""`make bench`: the load-test driver (bench/run.py). Not part of the site."""
