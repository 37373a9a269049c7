"""The README's deploy section lists exactly the steps CI performs (`.ci/deploy`)."""

import re

from tests.civic.test_settings import ROOT

COMMANDS = ("pip ", "python manage.py ", "gunicorn ")


def normalise(line: str) -> str:
    line = line.split(" #", 1)[0].split(" >", 1)[0].strip()
    line = line.removesuffix("&").strip()
    return re.sub(r"--bind \S+", "--bind ADDRESS", line)


def readme_steps() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Deploying", 1)[1]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    return [normalise(line) for line in block.splitlines() if line.startswith(COMMANDS)]


def ci_steps() -> list[str]:
    script = (ROOT / ".ci" / "deploy").read_text(encoding="utf-8")
    return [normalise(line) for line in script.splitlines() if line.startswith(COMMANDS)]


def test_readme_and_ci_run_the_same_deploy_commands_in_the_same_order():
    assert readme_steps() == ci_steps()
    assert "python manage.py collectstatic --no-input" in readme_steps()
    assert "python manage.py check --deploy --fail-level WARNING" in readme_steps()
    assert "gunicorn civic.wsgi --workers 3 --bind ADDRESS" in readme_steps()


def test_ci_sets_every_variable_the_readme_exports():
    readme = (ROOT / "README.md").read_text(encoding="utf-8").split("## Deploying", 1)[1]
    exported = set(re.findall(r"\b([A-Z_]+)=", readme.split("```sh\n", 1)[1].split("```")[0]))
    script = (ROOT / ".ci" / "deploy").read_text(encoding="utf-8")
    export = script.split("export ", 1)[1].split("\npython", 1)[0]
    assert exported <= set(re.findall(r"\b([A-Z_]+)=", export))


def test_ci_runs_the_deploy_steps():
    run = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "bash .ci/deploy" in run
