"""Errors that the command line reports as one line, kept light to import."""

from __future__ import annotations


class CommandError(ValueError):
    """A command that cannot be carried out as asked; one line for the user."""


class GitError(Exception):
    """git could not be used as asked; one line."""
