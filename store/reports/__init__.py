"""What the chief reads: stats, the brief, the review, charts, and items in words."""
