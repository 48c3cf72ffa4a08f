"""Chief's store: the item model, the data file, merging and parsing.

A plain library with no user interface in it: the command line and the dashboard
both call it, and it never imports textual (a test makes sure).
"""
