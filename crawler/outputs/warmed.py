"""Imported once by the fork server that starts the cleaning workers (crawler.outputs.isolation):
the rules, site profiles and language models are loaded here, so every worker forked from it
starts warm, and replacing a worker that was killed costs a fork, not a second of loading."""

from crawler.outputs.cleaning import warm

warm()
