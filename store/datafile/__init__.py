"""The data file on disk: safe saves, byte splicing, what this machine wrote, the lock, paths, conflict copies."""
