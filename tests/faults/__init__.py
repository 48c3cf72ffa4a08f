"""The fault-injection suite (issue 5): crashes, concurrent writers, full disks,
files going away or bad, hostile content, bad input. Every test prints its
trials and losses; a package so its conftest and helpers never shadow tests/'s."""
