"""`release-kit init`: render a preset's release workflows and configuration."""
