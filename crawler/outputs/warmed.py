"""Imported once by the fork server that starts the cleaning workers (crawler.outputs.isolation):
the rules, site profiles and language models are loaded here, so every worker forked from it
starts warm, and replacing a worker that was killed costs a fork, not a second of loading."""

from crawler.outputs.cleaning import warm

warm()

# What the cleaning core imports only when a page first needs it (the charset detector for a page that
# is not UTF-8, the URL parser for an article's domain, the encoding fixer for a non-ASCII line), and
# the warm-up page does not: imported here too, so no worker's first such page pays for it in its time.
import charset_normalizer  # noqa: E402, F401
import courlan  # noqa: E402, F401
import ftfy  # noqa: E402, F401
