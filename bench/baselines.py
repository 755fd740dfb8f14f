"""The related-posts plugins the benchmark compares with, in an environment of their own.

Pelican imports every installed plugin package at start-up, whether a site uses
it or not, and pelican-similar-posts pulls in gensim (about 3 s to import). In
the project's .venv they would slow every build, the preview and bare
Pelican's baseline alike; so they live in bench-results/baselines-venv, made
on first use with the same pinned versions plus requirements-bench.txt.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
VENV = REPO / "bench-results" / "baselines-venv"


def python(progress=print) -> Path:
    """The baselines environment's Python, made and filled on first use."""
    interpreter = VENV / "bin" / "python"
    ready = VENV / ".installed"
    if not ready.exists():
        progress(f"Installing the benchmark's baselines into {VENV.relative_to(REPO)} (once)...")
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(VENV)], check=True)
        requirements = ["-r", "requirements.txt", "-r", "requirements-bench.txt", "-c", "constraints.txt"]
        subprocess.run(
            [
                str(interpreter),
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                *requirements,
            ],
            cwd=REPO,
            check=True,
        )
        ready.touch()
    return interpreter
