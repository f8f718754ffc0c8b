"""What newsbroom knows, as data: the TOML files under `cleaners/data/` and their readers."""

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
