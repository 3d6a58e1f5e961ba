"""QB152 question-selected-twice: two sections of an exam name the same question."""

from __future__ import annotations

from qbank import exam
from qbank.lint.base import ExamRule


class QuestionSelectedTwice(ExamRule):
    """A question id named in the `ids` of two sections of one exam.

    ## What it does
    Reports the second place in bank.yaml where an exam's sections name a question the exam
    already selects. Exam assembly refuses to build the exam with the same code. Unlike
    QB150 and QB151, this is checked even when some files of the bank failed to load.

    ## Why is this bad?
    A question appears at most once on a paper; the exam cannot be built until one of the
    sections names another question.

    ## Example
    ```yaml title="bank.yaml"
    title: Example
    exams:
      quiz:
        sections:
          - ids: [relu-1]
          - ids: [relu-1]
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

    code = exam.DUPLICATE_SELECTION
    name = "question-selected-twice"
    message = "exam '{exam}', {section}: question '{id}' is already selected {where}"
    help = "a question appears at most once on a paper"
    clean_load_only = False


RULE = QuestionSelectedTwice
