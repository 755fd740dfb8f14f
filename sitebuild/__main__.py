"""Command line used by tasks.py and tests: python -m sitebuild build [--production] | serve [--port N]."""

from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path

from .build import build, configure_logging
from .console import use_utf8_when_the_locale_is_ascii


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sitebuild")
    parser.add_argument("command", choices=["build", "serve"])
    parser.add_argument("--project", type=Path, default=Path.cwd(), help="folder holding pelicanconf.py")
    parser.add_argument("--production", action="store_true", help="use publishconf.py")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    parser.add_argument("--verbose", action="store_true", help="also show progress messages")
    parser.add_argument("--port", type=int, default=8000, help="serve: the port on 127.0.0.1")
    args = parser.parse_args(argv)
    use_utf8_when_the_locale_is_ascii()
    configure_logging(verbose=args.verbose)
    if args.command == "serve":
        from .preview import serve

        return serve(args.project, args.port)
    return build_command(args.project, args.production, args.debug)


def build_command(project: Path, production: bool, debug: bool) -> int:
    """Build as `python -m sitebuild build` and `invoke build` do; the exit status (130 after Ctrl+C)."""
    os.register_at_fork(after_in_child=leave_ctrl_c_to_the_build)
    try:
        result = build(project, production=production, debug=debug)
    except KeyboardInterrupt:  # Ctrl+C: the staging folder is already gone, output/ never touched
        print("Build interrupted; output/ is unchanged.", file=sys.stderr, flush=True)
        sys.stdout.flush()
        # Straight out with 130: Python's own shutdown after a Ctrl+C sometimes ends the
        # process by SIGINT instead (1 in 16 tries here), and there is nothing left to tidy.
        os._exit(130)
    return report(result, production)


def leave_ctrl_c_to_the_build() -> None:
    """In a process the build forks (pelican-precompress's workers): ignore Ctrl+C.

    The build stops them itself, and each would otherwise print its own traceback.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def report(result, production: bool) -> int:
    settings_name = "production" if production else "development"
    if result.ok:
        print(f"Built the site ({settings_name} settings) into {result.output}: {result.summary}.")
        return 0
    print("\n".join(result.messages), file=sys.stderr)
    print("\nNothing was published: the previous output folder is unchanged.", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
