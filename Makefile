# Each target makes .venv first when it is missing.
PY := .venv/bin/python
VENV_STAMP := .venv/.installed

.PHONY: demo test check lint types shape eval-gate bench eval clean-out

$(VENV_STAMP): pyproject.toml
	python3 -m venv .venv
	.venv/bin/pip install --quiet --upgrade pip
	.venv/bin/pip install --quiet -e '.[test,check]'
	touch $(VENV_STAMP)

demo: $(VENV_STAMP)
	.venv/bin/newsbroom demo

# Most tests wait on real processes (crawls, redis-server, HTTP on 127.0.0.1), not on the CPU:
# four pytest workers keep two cores busy. The suite starts hundreds of Python processes (each crawl
# pass is one, each CLI test another): the project's bytecode is compiled once, before them, and
# written even where the environment says not to (PYTHONDONTWRITEBYTECODE), or each process compiles
# the project from source again (12-20% of the suite's time in a fresh clone). __pycache__ is ignored by git.
test: $(VENV_STAMP)
	PYTHONDONTWRITEBYTECODE= $(PY) -m compileall -q cleaners crawler tests benchmarks
	PYTHONDONTWRITEBYTECODE= $(PY) -m pytest -q -n 4

# The gates CI runs before the tests: lint, types, module/function shape, and the eval floors
# (figures on ../shared/eval may not fall below checks/eval_floors.json).
check: lint types shape eval-gate

lint: $(VENV_STAMP)
	.venv/bin/ruff check .

types: $(VENV_STAMP)
	.venv/bin/mypy

shape: $(VENV_STAMP)
	$(PY) -m checks.shape cleaners crawler

eval-gate: $(VENV_STAMP)
	$(PY) -m checks.eval_gate

# The speed table (each row "ours vs reference, ratio", the reference measured in the same run):
# start-up (--help, one dump) against a bare python, the site-profile path against the Lexbor parse
# floor, the generic path against trafilatura fast, the crawl against its goal and in-step cleaning
# (and --warc against none); then the other throughput and memory figures.
bench: $(VENV_STAMP)
	$(PY) benchmarks/bench_startup.py --repeat 5
	$(PY) benchmarks/bench_profile.py --stages
	$(PY) benchmarks/bench_generic.py --sample 300
	$(PY) benchmarks/bench_crawl.py --sizes 5000 --warc-compare --repeat 2
	$(PY) benchmarks/bench_crawl.py --sizes 1000,20000 --no-in-step
	$(PY) -m tests.bench.run
	$(PY) benchmarks/bench_clean.py --records 20000 --jobs 1,2
	$(PY) benchmarks/bench_redis.py --pages 2000 --seen 100000
	$(PY) benchmarks/bench_records.py --records 20000
	$(PY) benchmarks/bench_textdumps.py --repeat 7

eval: $(VENV_STAMP)
	.venv/bin/newsbroom eval ../shared/eval/pages --peer trafilatura

clean-out:
	rm -rf out
