"""Placeholder: replaced by the module that implements these commands."""
import click

@click.command()
def validate() -> None:
    """(not built yet)"""
    raise click.ClickException("not built yet")
