"""The one place Chief's version is written; the package metadata and `chief --version` read it."""

__version__ = "0.2.0"
