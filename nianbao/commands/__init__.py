"""CLI command groups; each module exposes `register(app)` and is listed here."""

import importlib

import typer

MODULES: tuple[str, ...] = ("reports", "compare", "library", "draft", "bench")


def register_all(app: typer.Typer) -> None:
    """Register every command module's commands on the typer app."""
    for name in MODULES:
        importlib.import_module(f"nianbao.commands.{name}").register(app)
