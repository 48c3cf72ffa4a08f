"""Screens and dialogs opened from the dashboard."""
