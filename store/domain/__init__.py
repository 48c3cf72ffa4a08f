"""What the chief's work is: items and members, settings, the WHEN grammar, recurrence, quick-add, quadrants, the board."""
