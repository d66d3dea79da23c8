"""The check's report: fixed order, exit codes, and text a contributor controls kept inert."""

from __future__ import annotations

from release_kit.check.model import Report, default_steps, in_order


def test_problems_come_out_in_the_fixed_order_and_decide_the_exit_code() -> None:
    report = Report(("config", "bump", "tag", "release"))
    assert report.exit_code == 0
    report.add("content", "bump", "empty section")
    report.add("gate", "release", "blocker")
    report.add("policy", "bump", "not a patch branch")
    assert [p.kind for p in report.ordered()] == ["policy", "gate", "content"]
    assert report.exit_code == 1
    report.add("input", "config", "unknown key")
    assert report.exit_code == 2
    assert report.text().splitlines()[2] == "  input: config: unknown key"


def test_a_hostile_issue_title_stays_text_in_the_step_summary() -> None:
    report = Report(("config", "release"))
    report.add("gate", "release", "1 open issue(s): #1 a | b <img src=x>\n| injected |")
    summary = report.summary()
    row = summary.splitlines()[-1]
    assert row == "| gate | release | 1 open issue(s): #1 a \\| b &lt;img src=x> \\| injected \\| |"


def test_the_default_steps_and_the_order_of_named_ones() -> None:
    assert default_steps(None, None) == ("config", "tag", "release")
    assert default_steps("patch", "dev") == ("config", "merge", "bump", "tag", "release")
    assert in_order(["release", "tag", "bump"]) == ("config", "bump", "tag", "release")
