"""Reference data in ``data/``: the one module that reads it.

Every CSV table carries its provenance in columns of its own (``source``, ``year``, ``method``);
:func:`table` refuses a table without a ``source`` column, so no figure arrives without one.
YAML files carry a top-level ``source``.
"""
from __future__ import annotations

import copy
from functools import lru_cache
import os
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

if TYPE_CHECKING:
    import pandas as pd

DATA_DIR = Path(os.environ.get("WORKSHOP_DATA_DIR", "") or Path(__file__).resolve().parent.parent / "data")

PROVENANCE = ("source", "year", "method")


class DataError(ValueError):
    """A reference file that is missing or malformed (a trainer may have edited it)."""


@lru_cache(maxsize=None)
def _read_csv(path: Path, mtime: float) -> pd.DataFrame:
    # the one import not at the top: pandas takes a quarter of a second, and the SMART check
    # and the command line read a table only now and then (tests/test_architecture.py)
    import pandas as pd

    df = pd.read_csv(path, comment="#", skipinitialspace=True, dtype_backend="numpy_nullable")
    if "source" not in df.columns:
        raise DataError(f"{path.name}: a reference table needs a 'source' column")
    return df


def table(name: str) -> pd.DataFrame:
    """The CSV table ``data/<name>.csv`` (a copy: callers may change it)."""
    path = DATA_DIR / f"{name}.csv"
    if not path.exists():
        raise DataError(f"{path.name} is missing from {DATA_DIR}")
    return _read_csv(path, path.stat().st_mtime).copy()


@lru_cache(maxsize=None)
def _read_yaml(path: Path, mtime: float) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise DataError(f"{path.name}: expected a mapping at the top")
    return data


def yaml_file(name: str) -> dict:
    path = DATA_DIR / f"{name}.yaml"
    if not path.exists():
        raise DataError(f"{path.name} is missing from {DATA_DIR}")
    return copy.deepcopy(_read_yaml(path, path.stat().st_mtime))


def files() -> list[Path]:
    return sorted(p for p in DATA_DIR.iterdir() if p.suffix in (".csv", ".yaml"))
