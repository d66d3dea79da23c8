"""`release-kit check`: every gate of a release process, evaluated before anything changes."""
