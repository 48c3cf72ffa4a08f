"""Errors that the command line reports as one line, kept light to import."""

from __future__ import annotations


class GitError(Exception):
    """git could not be used as asked; one line."""
