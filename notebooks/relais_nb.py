"""Helpers shared by the notebooks: find the relais binary and run it.

The notebooks only run the `relais` command and read what it writes (CSV, Parquet, JSON); they
never import relais's internals. Set RELAIS_BIN to choose the binary; by default the release
build of this repository is used (CARGO_TARGET_DIR is honoured), else `relais` on PATH.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"


def relais_bin() -> str:
    """Path of the relais binary."""
    if os.environ.get("RELAIS_BIN"):
        return os.environ["RELAIS_BIN"]
    target = Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))
    built = target / "release" / "relais"
    if built.exists():
        return str(built)
    found = shutil.which("relais")
    if found:
        return found
    raise FileNotFoundError("relais binary not found: build it (cargo build --release) or set RELAIS_BIN")


def relais(*args: str | os.PathLike) -> str:
    """Runs `relais ARGS...`, returns its stdout, raises with its stderr if it fails."""
    cmd = [relais_bin(), *map(str, args)]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stderr}")
    return done.stdout


def workdir(name: str) -> Path:
    """A fresh folder for a notebook's outputs (under RELAIS_NB_OUT, else the system temp folder)."""
    root = Path(os.environ.get("RELAIS_NB_OUT", tempfile.gettempdir())) / "relais-notebooks" / name
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    return root
