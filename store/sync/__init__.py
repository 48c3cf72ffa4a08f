"""Keeping machines in step: the field-level merge, the hybrid logical clock, this machine's replica, undo, git, the archive."""
