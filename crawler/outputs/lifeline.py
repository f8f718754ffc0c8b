"""Imported first by the fork server that starts the cleaning workers (crawler.outputs.isolation), before
it loads any data: on Linux it asks the kernel to SIGKILL the fork server when the process that started
it ends, even by kill -9 and even while the fork server is still loading (its own check of its parent
only runs once it has loaded). Its workers follow it the same way (isolation.die_with_parent)."""

import os
import sys

from crawler.outputs.isolation import die_with_parent

die_with_parent()
if sys.platform.startswith("linux") and os.getppid() == 1:  # the starter ended before the line above
    os._exit(1)
