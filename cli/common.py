"""What every command shares: settings built here (the edge), JSON output, and errors turned into exits."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import typer

from nianbao.errors import NianbaoError
from nianbao.settings import Settings

P = ParamSpec("P")
R = TypeVar("R")


def settings() -> Settings:
    """The settings of this run, from NIANBAO_* environment variables (built once per command)."""
    return Settings()


def echo_json(data: object) -> None:
    """Print JSON with Chinese kept readable."""
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print a Chinese message to stderr and return the exit to raise."""
    typer.echo(message, err=True)
    return typer.Exit(code)


def handled(command: Callable[P, R]) -> Callable[P, R]:
    """The command with the project's errors printed in Chinese on stderr and turned into their exit code."""

    @functools.wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except NianbaoError as exc:
            raise fail(str(exc), exc.exit_code) from exc

    return run
