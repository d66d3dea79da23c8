"""vmpilot's image job builds what the project's own release workflow meant to build.

Its workflow carries the image steps commented out ("push the Docker image to
GHCR"): the Dockerfile and the image name there are the oracle for the preset.
"""

from __future__ import annotations

import re

import yaml
from real_repos import REAL, require

from release_kit.init.presets import PRESETS
from release_kit.init.render import render_workflows


def test_vmpilot_builds_the_dockerfile_and_name_its_release_workflow_names() -> None:
    require()
    text = (REAL / "vmpilot" / "tree" / ".github" / "workflows" / "release.yml").read_text("utf-8")
    (dockerfile,) = re.findall(r"#\s*file:\s*\./(\S+)", text)
    (image,) = set(re.findall(r"#\s*(ghcr\.io/\$\{\{ github\.repository_owner \}\}/[\w-]+):", text))
    job = yaml.safe_load(render_workflows(PRESETS["vmpilot"], "main")["release-dispatch"])
    steps = {str(s["uses"]).split("@")[0]: s for s in job["jobs"]["image"]["steps"]}
    assert steps["docker/build-push-action"]["with"]["file"] == dockerfile == "docker/Dockerfile"
    assert steps["docker/metadata-action"]["with"]["images"] == image
