"""QB153 changed-exam-question: a question on a built paper changed since the build."""

from __future__ import annotations

from qbank import exam
from qbank.lint.base import ManifestRule


class ChangedExamQuestion(ManifestRule):
    """A question recorded in an exam's manifest whose content changed since the exam was built.

    ## What it does
    `qbank exam verify MANIFEST` compares each question's content hash (what the question is,
    not how its YAML is laid out) with the one recorded in the manifest, and reports a changed
    question at its place in its file, with a note pointing at the manifest. `qbank exam
    rebuild` refuses to print the papers for the same reason. Lint cannot find it (it has no
    manifest), and a question's `lint.ignore` does not silence it.

    ## Why is this bad?
    The paper rebuilt from the bank would differ from the one handed out, so a re-marking or
    an appeal would be judged against the wrong question or key.

    ## Example
    ```console
    $ qbank exam verify build/q/manifest.json
    bank/d.yaml:2:1: QB153 question 'd-1' (variant A, question 1) changed since exam 'q' was built
      note: see build/q/manifest.json
    ```

    ## Use instead
    Leave questions that are on a handed-out paper as they were (restore them from git),
    and make the change in a new question with a new id:

    ```console
    $ git checkout v2025-midterm -- bank/d.yaml
    $ qbank exam verify build/q/manifest.json
    ```
    """

    code = exam.QUESTION_CHANGED
    name = "changed-exam-question"
    message = "question '{id}' ({where}) changed since exam '{exam}' was built"
    help = "the rebuilt paper would differ from the one handed out"


RULE = ChangedExamQuestion
