"""The kit's adapter to the GitHub REST API: one client, retries and pagination."""

from release_kit.github.client import GitHubClient

__all__ = ["GitHubClient"]
