"""QB155 changed-exam-papers: an exam now assembles different papers than its manifest records."""

from __future__ import annotations

from qbank import exam
from qbank.lint.base import ManifestRule


class ChangedExamPapers(ManifestRule):
    """An exam whose definition (or bank) now assembles other papers than the manifest records.

    ## What it does
    `qbank exam verify MANIFEST` assembles the exam again with the recorded seed and warns when
    the papers differ from the manifest (another selection, order or option permutation), or
    when the exam is no longer defined in bank.yaml. Lint cannot find it (it has no manifest).

    ## Why is this bad?
    `qbank exam build` would no longer reproduce the papers that were handed out. It is only a
    warning: `qbank exam rebuild MANIFEST` still prints the recorded papers exactly.

    ## Example
    ```console
    $ qbank exam verify build/quiz/manifest.json
    build/quiz/manifest.json: QB155 exam 'quiz' now assembles different papers with seed 42 (…)
    ```

    ## Use instead
    Rebuild past papers from their manifest, and give a changed exam a new name:

    ```console
    $ qbank exam rebuild build/quiz/manifest.json --format pdf
    ```
    """

    code = exam.EXAM_CHANGED
    name = "changed-exam-papers"
    severity = "warning"
    message = "exam '{exam}' now assembles different papers with seed {seed}"
    help = "the manifest still rebuilds the papers as they were built"


RULE = ChangedExamPapers
