"""Command line for the build, used by tasks.py and tests: python -m sitebuild build [--production]."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .build import build, configure_logging


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sitebuild")
    parser.add_argument("command", choices=["build"])
    parser.add_argument("--project", type=Path, default=Path.cwd(), help="folder holding pelicanconf.py")
    parser.add_argument("--production", action="store_true", help="use publishconf.py")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    parser.add_argument("--verbose", action="store_true", help="also show progress messages")
    args = parser.parse_args(argv)
    configure_logging(verbose=args.verbose)
    result = build(args.project, production=args.production, debug=args.debug)
    return report(result, args.production)


def report(result, production: bool) -> int:
    settings_name = "production" if production else "development"
    if result.ok:
        print(f"Built the site ({settings_name} settings) into {result.output}")
        return 0
    print("\n".join(result.messages), file=sys.stderr)
    print("\nNothing was published: the previous output folder is unchanged.", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
