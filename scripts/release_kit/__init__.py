"""release-kit: boring, repeatable, idempotent releases on GitHub Actions."""

__version__ = "0.1.0"
