"""QB150 unknown-exam-question: an exam names a question id that is not in the bank."""

from __future__ import annotations

from qbank import exam
from qbank.lint.base import ExamRule


class UnknownExamQuestion(ExamRule):
    """An exam section (or a `points:` override) that names a question the bank does not have.

    ## What it does
    Reports, at its place in bank.yaml, every id in an exam's `sections[].ids` that no question
    has (with close ids as `help`), and every `points:` override for a question the exam does
    not select. Exam assembly refuses to build the exam for the same reason, with the same code;
    lint checks it only when every file of the bank loaded.

    ## Why is this bad?
    The exam cannot be built: `qbank export --exam` and `qbank exam build` stop. Lint finds it
    in CI, before anyone needs the paper.

    ## Example
    ```yaml title="bank.yaml"
    title: Example
    exams:
      quiz:
        sections:
          - ids: [relu-1, relu-3]
    ```

    ```yaml
    id: relu-1
    type: true_false
    stem: ReLU is linear for positive inputs.
    answer: true
    ```

    ## Use instead
    ```yaml title="bank.yaml"
    title: Example
    exams:
      quiz:
        sections:
          - ids: [relu-1]
    ```

    ```yaml
    id: relu-1
    type: true_false
    stem: ReLU is linear for positive inputs.
    answer: true
    ```
    """

    code = exam.UNKNOWN_ID
    name = "unknown-exam-question"
    message = "exam '{exam}', {section}: no question has id '{id}'"


RULE = UnknownExamQuestion
