"""QB154 missing-exam-question: a question on a built paper is no longer in the bank."""

from __future__ import annotations

from qbank import exam
from qbank.lint.base import ManifestRule


class MissingExamQuestion(ManifestRule):
    """A question recorded in an exam's manifest that the bank no longer has.

    ## What it does
    `qbank exam verify MANIFEST` reports, at the manifest, every recorded question whose id
    is no longer in the bank; `qbank exam rebuild` refuses to print the papers. Lint cannot
    find it (it has no manifest).

    ## Why is this bad?
    The papers that were handed out can no longer be rebuilt from the bank, with their keys,
    for re-marking or an appeal.

    ## Example
    ```console
    $ git rm bank/d.yaml
    $ qbank exam verify build/quiz/manifest.json
    build/quiz/manifest.json: QB154 question 'd-1' (variant A, question 1) is no longer in the bank
    ```

    ## Use instead
    Keep questions that are on a handed-out paper in the bank (retire them from future
    exams with a tag the blueprints exclude):

    ```console
    $ git checkout HEAD~1 -- bank/d.yaml
    $ qbank exam verify build/quiz/manifest.json
    ```
    """

    code = exam.QUESTION_MISSING
    name = "missing-exam-question"
    message = "question '{id}' ({where}) is no longer in the bank"
    help = "restore it from git history to rebuild this paper"


RULE = MissingExamQuestion
